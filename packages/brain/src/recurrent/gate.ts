/** A parameter's values (brain.js's own array) and the batch gradient accumulated beside it. */
export interface ParameterSlot {
  readonly values: Float32Array;
  readonly gradient: Float64Array;
}

/**
 * One affine map of a recurrent layer, a = W·x + U·h + b, over brain.js's row-major
 * matrices (W: size × inputs, U: size × size, b: size), with its backward pass: the
 * parameters' gradients accumulate, and so do the gradients of x and h.
 */
export class Gate {
  constructor(
    private readonly w: ParameterSlot,
    private readonly u: ParameterSlot,
    private readonly b: ParameterSlot,
    readonly size: number,
    readonly inputs: number,
  ) {}

  /** out = W·x + U·h + b. */
  forward(x: Float64Array, h: Float64Array, out: Float64Array): void {
    const { size, inputs } = this;
    const w = this.w.values;
    const u = this.u.values;
    const b = this.b.values;
    for (let r = 0; r < size; r++) {
      let sum = b[r];
      const wr = r * inputs;
      for (let c = 0; c < inputs; c++) sum += w[wr + c] * x[c];
      const ur = r * size;
      for (let c = 0; c < size; c++) sum += u[ur + c] * h[c];
      out[r] = sum;
    }
  }

  /**
   * With da = ∂loss/∂a: adds da·xᵀ, da·hᵀ and da to the parameters' gradients, Wᵀ·da to dx
   * (unless dx is null: nothing reads the gradient of x) and Uᵀ·da to dh.
   */
  backward(da: Float64Array, x: Float64Array, h: Float64Array, dx: Float64Array | null, dh: Float64Array): void {
    const { size, inputs } = this;
    const w = this.w.values;
    const u = this.u.values;
    const gw = this.w.gradient;
    const gu = this.u.gradient;
    const gb = this.b.gradient;
    for (let r = 0; r < size; r++) {
      const d = da[r];
      if (d === 0) continue;
      gb[r] += d;
      const wr = r * inputs;
      if (dx === null) {
        for (let c = 0; c < inputs; c++) gw[wr + c] += d * x[c];
      } else {
        for (let c = 0; c < inputs; c++) {
          gw[wr + c] += d * x[c];
          dx[c] += w[wr + c] * d;
        }
      }
      const ur = r * size;
      for (let c = 0; c < size; c++) {
        gu[ur + c] += d * h[c];
        dh[c] += u[ur + c] * d;
      }
    }
  }
}
