import { FusedGates4, FusedGruGates } from './fused-gates';
import { Gate, type ParameterSlot } from './gate';
import type { CellKind } from './net';

/** What one layer keeps of one time step for the backward pass. */
export class StepCache {
  /** Each gate's activation (after its nonlinearity). */
  readonly gates: Float64Array[];
  /** Cell-specific values: the LSTM's cell and tanh(cell), the GRU's r ⊙ h. */
  readonly extra: Float64Array[];
  /** The layer's output at this step. */
  readonly h: Float64Array;

  constructor(size: number, gates: number, extra: number) {
    this.gates = Array.from({ length: gates }, () => new Float64Array(size));
    this.extra = Array.from({ length: extra }, () => new Float64Array(size));
    this.h = new Float64Array(size);
  }
}

/**
 * One hidden layer of a brain.js recurrent net, forward and backward over a time step.
 * `hPrev` is the previous output and `hIn` what the layer's matrices read of it (the same
 * values, or with a dropout mask applied). brain.js's equations:
 * - RNN: h = relu(W·x + U·h' + b)
 * - LSTM: i, f, o = σ(…), g = tanh(…), c = f ⊙ h' + i ⊙ g, h = o ⊙ tanh(c) (brain.js
 *   carries no separate cell state: the previous output takes its place)
 * - GRU: z, r = σ(…), g = tanh(W·x + U·(r ⊙ h') + b), h = (1 − z) ⊙ g + z ⊙ h'
 */
export interface Cell {
  readonly size: number;
  newStep(): StepCache;
  forward(step: StepCache, x: Float64Array, hPrev: Float64Array, hIn: Float64Array): void;
  /**
   * With dh = ∂loss/∂h: accumulates the parameters' gradients and adds ∂loss/∂x to dx
   * (null when nothing reads it), ∂loss/∂h' through the cell's direct path to dhPrev and
   * through its matrices to dhIn.
   */
  backward(step: StepCache, x: Float64Array, hPrev: Float64Array, hIn: Float64Array, dh: Float64Array, dx: Float64Array | null, dhPrev: Float64Array, dhIn: Float64Array): void;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The parameters of one hidden layer by brain.js's property names. */
export type LayerSlots = Record<string, ParameterSlot>;

class RnnCell implements Cell {
  private readonly gate: Gate;
  private readonly da: Float64Array;

  constructor(
    slots: LayerSlots,
    readonly size: number,
    inputs: number,
  ) {
    this.gate = new Gate(slots.weight, slots.transition, slots.bias, size, inputs);
    this.da = new Float64Array(size);
  }

  newStep(): StepCache {
    return new StepCache(this.size, 0, 0);
  }

  forward(step: StepCache, x: Float64Array, _hPrev: Float64Array, hIn: Float64Array): void {
    const { h } = step;
    this.gate.forward(x, hIn, h);
    for (let k = 0; k < this.size; k++) if (h[k] < 0) h[k] = 0;
  }

  backward(step: StepCache, x: Float64Array, _hPrev: Float64Array, hIn: Float64Array, dh: Float64Array, dx: Float64Array | null, _dhPrev: Float64Array, dhIn: Float64Array): void {
    const { da } = this;
    for (let k = 0; k < this.size; k++) da[k] = step.h[k] > 0 ? dh[k] : 0;
    this.gate.backward(da, x, hIn, dx, dhIn);
  }
}

class LstmCell implements Cell {
  /** input, forget, output, cell write: brain.js's order of matrices. */
  private readonly gates: FusedGates4;
  private readonly da: Float64Array[];

  constructor(
    slots: LayerSlots,
    readonly size: number,
    inputs: number,
  ) {
    const names = ['input', 'forget', 'output', 'cellActivation'];
    this.gates = new FusedGates4(names.map((g) => [slots[`${g}Matrix`], slots[`${g}Hidden`], slots[`${g}Bias`]] as const), size, inputs);
    this.da = names.map(() => new Float64Array(size));
  }

  newStep(): StepCache {
    return new StepCache(this.size, 4, 2);
  }

  forward(step: StepCache, x: Float64Array, hPrev: Float64Array, hIn: Float64Array): void {
    const [i, f, o, g] = step.gates;
    const [c, tc] = step.extra;
    this.gates.forward(x, hIn, step.gates);
    for (let k = 0; k < this.size; k++) {
      i[k] = sigmoid(i[k]);
      f[k] = sigmoid(f[k]);
      o[k] = sigmoid(o[k]);
      g[k] = Math.tanh(g[k]);
      c[k] = f[k] * hPrev[k] + i[k] * g[k];
      tc[k] = Math.tanh(c[k]);
      step.h[k] = o[k] * tc[k];
    }
  }

  backward(step: StepCache, x: Float64Array, hPrev: Float64Array, hIn: Float64Array, dh: Float64Array, dx: Float64Array | null, dhPrev: Float64Array, dhIn: Float64Array): void {
    const [i, f, o, g] = step.gates;
    const [, tc] = step.extra;
    const [di, df, dout, dg] = this.da;
    for (let k = 0; k < this.size; k++) {
      const dc = dh[k] * o[k] * (1 - tc[k] * tc[k]);
      dout[k] = dh[k] * tc[k] * o[k] * (1 - o[k]);
      di[k] = dc * g[k] * i[k] * (1 - i[k]);
      df[k] = dc * hPrev[k] * f[k] * (1 - f[k]);
      dg[k] = dc * i[k] * (1 - g[k] * g[k]);
      dhPrev[k] += dc * f[k];
    }
    this.gates.backward(this.da, x, hIn, dx, dhIn);
  }
}

class GruCell implements Cell {
  /** update, reset, candidate write: their matrix products fused (FusedGruGates). */
  private readonly gates: FusedGruGates;
  private readonly dz: Float64Array;
  private readonly dr: Float64Array;
  private readonly dg: Float64Array;
  private readonly drh: Float64Array;

  constructor(
    slots: LayerSlots,
    readonly size: number,
    inputs: number,
  ) {
    const gate = (name: string) => [slots[`${name}InputMatrix`], slots[`${name}HiddenMatrix`], slots[`${name}Bias`]] as const;
    this.gates = new FusedGruGates([gate('updateGate'), gate('resetGate'), gate('cellWrite')], size, inputs);
    [this.dz, this.dr, this.dg, this.drh] = Array.from({ length: 4 }, () => new Float64Array(size));
  }

  newStep(): StepCache {
    return new StepCache(this.size, 3, 1);
  }

  forward(step: StepCache, x: Float64Array, hPrev: Float64Array, hIn: Float64Array): void {
    const [z, r, g] = step.gates;
    const [rh] = step.extra;
    this.gates.forward(x, hIn, z, r, g);
    for (let k = 0; k < this.size; k++) {
      z[k] = sigmoid(z[k]);
      r[k] = sigmoid(r[k]);
      rh[k] = r[k] * hIn[k];
    }
    this.gates.candidateHidden(rh, g);
    for (let k = 0; k < this.size; k++) {
      g[k] = Math.tanh(g[k]);
      step.h[k] = (1 - z[k]) * g[k] + z[k] * hPrev[k];
    }
  }

  backward(step: StepCache, x: Float64Array, hPrev: Float64Array, hIn: Float64Array, dh: Float64Array, dx: Float64Array | null, dhPrev: Float64Array, dhIn: Float64Array): void {
    const [z, r, g] = step.gates;
    const [rh] = step.extra;
    const { dz, dr, dg, drh } = this;
    for (let k = 0; k < this.size; k++) {
      dg[k] = dh[k] * (1 - z[k]) * (1 - g[k] * g[k]);
      dz[k] = dh[k] * (hPrev[k] - g[k]) * z[k] * (1 - z[k]);
      dhPrev[k] += dh[k] * z[k];
    }
    drh.fill(0);
    this.gates.candidateHiddenBackward(dg, rh, drh);
    for (let k = 0; k < this.size; k++) {
      dr[k] = drh[k] * hIn[k] * r[k] * (1 - r[k]);
      dhIn[k] += drh[k] * r[k];
    }
    this.gates.backward(dz, dr, dg, x, hIn, dx, dhIn);
  }
}

/** The cell of a hidden layer with `size` units reading `inputs` values. */
export function createCell(kind: CellKind, slots: LayerSlots, size: number, inputs: number): Cell {
  if (kind === 'lstm') return new LstmCell(slots, size, inputs);
  if (kind === 'gru') return new GruCell(slots, size, inputs);
  return new RnnCell(slots, size, inputs);
}
