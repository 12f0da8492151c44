import type { ParameterSlot } from './gate';

/** One gate's parameters: input matrix, hidden matrix, bias. */
export type GateSlots = readonly [ParameterSlot, ParameterSlot, ParameterSlot];

/**
 * The LSTM's four affine maps over the same x and h, a_k = W_k·x + U_k·h + b_k, computed
 * together: each x[c] and h[c] is read once for the four rows, and in the backward pass
 * each dx[c] and dh[c] is written once (the sum over the four gates). The same values as
 * four separate `Gate`s, in fewer memory operations.
 */
export class FusedGates4 {
  private readonly w: Float32Array[];
  private readonly u: Float32Array[];
  private readonly b: Float32Array[];
  private readonly gw: Float64Array[];
  private readonly gu: Float64Array[];
  private readonly gb: Float64Array[];

  constructor(
    gates: readonly GateSlots[],
    readonly size: number,
    readonly inputs: number,
  ) {
    this.w = gates.map((g) => g[0].values);
    this.u = gates.map((g) => g[1].values);
    this.b = gates.map((g) => g[2].values);
    this.gw = gates.map((g) => g[0].gradient);
    this.gu = gates.map((g) => g[1].gradient);
    this.gb = gates.map((g) => g[2].gradient);
  }

  /** out[k] = W_k·x + U_k·h + b_k for the four gates. */
  forward(x: Float64Array, h: Float64Array, out: readonly Float64Array[]): void {
    const { size, inputs } = this;
    const [w0, w1, w2, w3] = this.w;
    const [u0, u1, u2, u3] = this.u;
    const [b0, b1, b2, b3] = this.b;
    const [o0, o1, o2, o3] = out;
    for (let r = 0; r < size; r++) {
      let s0 = b0[r];
      let s1 = b1[r];
      let s2 = b2[r];
      let s3 = b3[r];
      const wr = r * inputs;
      for (let c = 0; c < inputs; c++) {
        const v = x[c];
        s0 += w0[wr + c] * v;
        s1 += w1[wr + c] * v;
        s2 += w2[wr + c] * v;
        s3 += w3[wr + c] * v;
      }
      const ur = r * size;
      for (let c = 0; c < size; c++) {
        const v = h[c];
        s0 += u0[ur + c] * v;
        s1 += u1[ur + c] * v;
        s2 += u2[ur + c] * v;
        s3 += u3[ur + c] * v;
      }
      o0[r] = s0;
      o1[r] = s1;
      o2[r] = s2;
      o3[r] = s3;
    }
  }

  /** With da[k] = ∂loss/∂a_k: accumulates the parameters' gradients, Σ_k W_kᵀ·da_k into dx (unless null) and Σ_k U_kᵀ·da_k into dh. */
  backward(da: readonly Float64Array[], x: Float64Array, h: Float64Array, dx: Float64Array | null, dh: Float64Array): void {
    const { size, inputs } = this;
    const [w0, w1, w2, w3] = this.w;
    const [u0, u1, u2, u3] = this.u;
    const [gw0, gw1, gw2, gw3] = this.gw;
    const [gu0, gu1, gu2, gu3] = this.gu;
    const [gb0, gb1, gb2, gb3] = this.gb;
    const [a0, a1, a2, a3] = da;
    for (let r = 0; r < size; r++) {
      const d0 = a0[r];
      const d1 = a1[r];
      const d2 = a2[r];
      const d3 = a3[r];
      gb0[r] += d0;
      gb1[r] += d1;
      gb2[r] += d2;
      gb3[r] += d3;
      const wr = r * inputs;
      for (let c = 0; c < inputs; c++) {
        const i = wr + c;
        const v = x[c];
        gw0[i] += d0 * v;
        gw1[i] += d1 * v;
        gw2[i] += d2 * v;
        gw3[i] += d3 * v;
        if (dx !== null) dx[c] += w0[i] * d0 + w1[i] * d1 + w2[i] * d2 + w3[i] * d3;
      }
      const ur = r * size;
      for (let c = 0; c < size; c++) {
        const i = ur + c;
        const v = h[c];
        gu0[i] += d0 * v;
        gu1[i] += d1 * v;
        gu2[i] += d2 * v;
        gu3[i] += d3 * v;
        dh[c] += u0[i] * d0 + u1[i] * d1 + u2[i] * d2 + u3[i] * d3;
      }
    }
  }
}

/**
 * The GRU's three affine maps, computed in fused passes: the update and reset gates
 * z, r = W·x + U·h + b and the candidate's input part W_g·x + b_g in one pass over x and
 * h (each x[c] read once for three rows, each h[c] once for two); the candidate's hidden
 * part U_g·(r ⊙ h) after it, once r is known. The backward pass mirrors it: the
 * candidate's hidden part first (it gives ∂loss/∂(r ⊙ h), which the reset gate's gradient
 * needs), then one pass writing each dx[c] and dh[c] once. Forward values are bit for bit
 * those of three separate `Gate`s (the same sums in the same order).
 */
export class FusedGruGates {
  private readonly w: readonly [Float32Array, Float32Array, Float32Array];
  private readonly u: readonly [Float32Array, Float32Array, Float32Array];
  private readonly b: readonly [Float32Array, Float32Array, Float32Array];
  private readonly gw: readonly [Float64Array, Float64Array, Float64Array];
  private readonly gu: readonly [Float64Array, Float64Array, Float64Array];
  private readonly gb: readonly [Float64Array, Float64Array, Float64Array];

  /** The gates in the order update (z), reset (r), candidate write (g). */
  constructor(
    gates: readonly [GateSlots, GateSlots, GateSlots],
    readonly size: number,
    readonly inputs: number,
  ) {
    const [z, r, g] = gates;
    this.w = [z[0].values, r[0].values, g[0].values];
    this.u = [z[1].values, r[1].values, g[1].values];
    this.b = [z[2].values, r[2].values, g[2].values];
    this.gw = [z[0].gradient, r[0].gradient, g[0].gradient];
    this.gu = [z[1].gradient, r[1].gradient, g[1].gradient];
    this.gb = [z[2].gradient, r[2].gradient, g[2].gradient];
  }

  /** z = W_z·x + U_z·h + b_z, r likewise, and g = W_g·x + b_g (before `candidateHidden`). */
  forward(x: Float64Array, h: Float64Array, z: Float64Array, r: Float64Array, g: Float64Array): void {
    const { size, inputs } = this;
    const [wz, wr, wg] = this.w;
    const [uz, ur] = this.u;
    const [bz, br, bg] = this.b;
    for (let row = 0; row < size; row++) {
      let sz = bz[row];
      let sr = br[row];
      let sg = bg[row];
      const at = row * inputs;
      for (let c = 0; c < inputs; c++) {
        const v = x[c];
        sz += wz[at + c] * v;
        sr += wr[at + c] * v;
        sg += wg[at + c] * v;
      }
      const hat = row * size;
      for (let c = 0; c < size; c++) {
        const v = h[c];
        sz += uz[hat + c] * v;
        sr += ur[hat + c] * v;
      }
      z[row] = sz;
      r[row] = sr;
      g[row] = sg;
    }
  }

  /** g += U_g·rh: the candidate's hidden part, on rh = r ⊙ h. */
  candidateHidden(rh: Float64Array, g: Float64Array): void {
    const { size } = this;
    const ug = this.u[2];
    for (let row = 0; row < size; row++) {
      let s = g[row];
      const hat = row * size;
      for (let c = 0; c < size; c++) s += ug[hat + c] * rh[c];
      g[row] = s;
    }
  }

  /** With dg = ∂loss/∂g (before tanh): accumulates U_g's gradient and adds U_gᵀ·dg to drh. */
  candidateHiddenBackward(dg: Float64Array, rh: Float64Array, drh: Float64Array): void {
    const { size } = this;
    const ug = this.u[2];
    const gug = this.gu[2];
    for (let row = 0; row < size; row++) {
      const d = dg[row];
      if (d === 0) continue;
      const hat = row * size;
      for (let c = 0; c < size; c++) {
        gug[hat + c] += d * rh[c];
        drh[c] += ug[hat + c] * d;
      }
    }
  }

  /**
   * With dz, dr, dg = ∂loss/∂ of each pre-activation: accumulates the input matrices' and
   * biases' gradients and those of U_z and U_r, adds Σ W_kᵀ·d_k to dx (unless null) and
   * U_zᵀ·dz + U_rᵀ·dr to dh.
   */
  backward(dz: Float64Array, dr: Float64Array, dg: Float64Array, x: Float64Array, h: Float64Array, dx: Float64Array | null, dh: Float64Array): void {
    const { size, inputs } = this;
    const [wz, wr, wg] = this.w;
    const [uz, ur] = this.u;
    const [gwz, gwr, gwg] = this.gw;
    const [guz, gur] = this.gu;
    const [gbz, gbr, gbg] = this.gb;
    for (let row = 0; row < size; row++) {
      const d0 = dz[row];
      const d1 = dr[row];
      const d2 = dg[row];
      gbz[row] += d0;
      gbr[row] += d1;
      gbg[row] += d2;
      const at = row * inputs;
      for (let c = 0; c < inputs; c++) {
        const i = at + c;
        const v = x[c];
        gwz[i] += d0 * v;
        gwr[i] += d1 * v;
        gwg[i] += d2 * v;
        if (dx !== null) dx[c] += wz[i] * d0 + wr[i] * d1 + wg[i] * d2;
      }
      const hat = row * size;
      for (let c = 0; c < size; c++) {
        const i = hat + c;
        const v = h[c];
        guz[i] += d0 * v;
        gur[i] += d1 * v;
        dh[c] += uz[i] * d0 + ur[i] * d1;
      }
    }
  }
}
