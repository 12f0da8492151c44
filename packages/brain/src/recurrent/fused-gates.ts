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
