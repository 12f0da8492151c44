import { DescentError } from '../errors';
import { isPlainObject } from '../fields';
import { decodeArray, encodeArray, isCount, type EncodedArray } from '../optimizer/state';
import type { FloatArray } from '../transforms/transform';
import { resolveLbfgs, type LbfgsConfig, type LbfgsHyperparameters } from './config';
import { strongWolfe } from './strong-wolfe';

/** An objective for L-BFGS: the loss at x and its gradient (same length as x). */
export type LbfgsObjective<A extends FloatArray> = (x: A) => { loss: number; gradient: ArrayLike<number> };

/** The `format` of an exported L-BFGS state. */
export const LBFGS_STATE_FORMAT = 'descent-lbfgs-state/1';

/** L-BFGS state as plain JSON: the curvature pairs and the last direction, stored exactly. */
export interface LbfgsState {
  format: typeof LBFGS_STATE_FORMAT;
  dirs: EncodedArray[];
  steps: EncodedArray[];
  ro: number[];
  hDiag: number;
  d: EncodedArray | null;
  t: number;
  previousGradient: EncodedArray | null;
  previousLoss: number;
  iterations: number;
  evaluations: number;
}

/** What one L-BFGS step did. */
export interface LbfgsStepResult {
  /** The loss at the parameters the step started from (what torch's step returns). */
  initialLoss: number;
  /** The loss at the last evaluated point. */
  loss: number;
  /** Inner iterations run. */
  iterations: number;
  /** Objective evaluations made. */
  evaluations: number;
}

interface History {
  /** y_k = g_{k+1} − g_k. */
  dirs: Float64Array[];
  /** s_k = t·d. */
  steps: Float64Array[];
  /** 1 / (y_kᵀ s_k). */
  ro: number[];
  hDiag: number;
  d: Float64Array | null;
  t: number;
  previousGradient: Float64Array | null;
  previousLoss: number;
  iterations: number;
  evaluations: number;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * torch.optim.LBFGS over one flat parameter vector: each `step` runs up to maxIter
 * iterations of the two-loop recursion, with the first direction −g scaled by
 * min(1, 1/‖g‖₁)·lr, curvature pairs kept when yᵀs > 1e-10, and either a fixed step
 * or the strong-Wolfe line search. History persists across steps, as in torch.
 * Directions and history are float64 whatever the parameters' precision.
 */
export class Lbfgs {
  /** The resolved config. */
  readonly hyperparameters: LbfgsHyperparameters;
  private history: History = { dirs: [], steps: [], ro: [], hDiag: 1, d: null, t: 0, previousGradient: null, previousLoss: 0, iterations: 0, evaluations: 0 };

  constructor(config: LbfgsConfig) {
    this.hyperparameters = resolveLbfgs(config);
  }

  /** Total iterations over every step so far (torch's state n_iter). */
  get iterations(): number {
    return this.history.iterations;
  }

  /** Total objective evaluations so far (torch's state func_evals). */
  get evaluations(): number {
    return this.history.evaluations;
  }

  /** The whole state (history, last direction and step) as plain JSON, exact. */
  exportState(): LbfgsState {
    const h = this.history;
    return {
      format: LBFGS_STATE_FORMAT,
      dirs: h.dirs.map(encodeArray),
      steps: h.steps.map(encodeArray),
      ro: [...h.ro],
      hDiag: h.hDiag,
      d: h.d === null ? null : encodeArray(h.d),
      t: h.t,
      previousGradient: h.previousGradient === null ? null : encodeArray(h.previousGradient),
      previousLoss: h.previousLoss,
      iterations: h.iterations,
      evaluations: h.evaluations,
    };
  }

  /**
   * Restores what `exportState` returned, checked whole first: a malformed state throws a
   * DescentError and changes nothing. Every array holds finite values and has the same
   * length (the problem's size, checked against the parameters at the next step); at most
   * historySize curvature pairs, each with ro > 0; hDiag > 0; t ≥ 0; counters are integers ≥ 0.
   */
  importState(state: LbfgsState): void {
    const fail = (field: string, value: unknown, allowed: string): never => {
      throw new DescentError(`state.${field}`, value, allowed);
    };
    if (!isPlainObject(state) || state.format !== LBFGS_STATE_FORMAT) fail('format', isPlainObject(state) ? state.format : state, `"${LBFGS_STATE_FORMAT}"`);
    let size: number | null = null;
    const array = (field: string, value: unknown): Float64Array => {
      const decoded = decodeArray(value);
      if (!(decoded instanceof Float64Array)) return fail(field, value, 'a float64 encoded array');
      if (size !== null && decoded.length !== size) return fail(`${field}.length`, decoded.length, `${size}, the length of the state's other arrays`);
      size = decoded.length;
      const bad = decoded.findIndex((v) => !Number.isFinite(v));
      return bad < 0 ? decoded : fail(`${field}[${bad}]`, decoded[bad], 'a finite number');
    };
    const { historySize } = this.hyperparameters;
    const list = (field: 'dirs' | 'steps'): Float64Array[] => {
      const saved: unknown = state[field];
      if (!Array.isArray(saved) || saved.length > historySize) return fail(field, saved, `an array of at most ${historySize} (historySize) encoded arrays`);
      return saved.map((v, i) => array(`${field}[${i}]`, v));
    };
    const dirs = list('dirs');
    const steps = list('steps');
    const ro: unknown = state.ro;
    if (!Array.isArray(ro) || ro.length !== dirs.length || steps.length !== dirs.length || !ro.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      fail('ro', ro, 'one finite number > 0 per curvature pair (as many as dirs and steps)');
    }
    const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
    if (!positive(state.hDiag)) fail('hDiag', state.hDiag, 'a finite number > 0');
    if (!positive(state.t) && state.t !== 0) fail('t', state.t, 'a finite number ≥ 0');
    if (typeof state.previousLoss !== 'number' || !Number.isFinite(state.previousLoss)) fail('previousLoss', state.previousLoss, 'a finite number');
    for (const field of ['iterations', 'evaluations'] as const) if (!isCount(state[field])) fail(field, state[field], 'an integer in [0, 2^53)');
    const d = state.d === null ? null : array('d', state.d);
    const previousGradient = state.previousGradient === null ? null : array('previousGradient', state.previousGradient);
    if (state.iterations > 0 && (d === null || previousGradient === null)) {
      fail(d === null ? 'd' : 'previousGradient', null, `an encoded array: a state after ${state.iterations} iterations has a direction and a gradient`);
    }
    this.history = {
      dirs,
      steps,
      ro: [...(ro as number[])],
      hDiag: state.hDiag,
      d,
      t: state.t,
      previousGradient,
      previousLoss: state.previousLoss,
      iterations: state.iterations,
      evaluations: state.evaluations,
    };
  }

  /** The length of the history's arrays (the size of the problem it comes from), or null when it holds none. */
  private get historyLength(): number | null {
    const h = this.history;
    return (h.d ?? h.previousGradient ?? h.dirs[0] ?? null)?.length ?? null;
  }

  /**
   * Runs one torch LBFGS.step on `x` (updated in place) with `objective` as the closure.
   * If the objective throws, or returns a non-finite loss or gradient or a gradient of the
   * wrong length, `x` and the history are put back as they were and the error is rethrown.
   */
  step<A extends FloatArray>(x: A, objective: LbfgsObjective<A>): LbfgsStepResult {
    const length = this.historyLength;
    if (length !== null && x.length !== length) throw new DescentError('x.length', x.length, `${length}, the size of the problem this L-BFGS state comes from`);
    const start = x.slice() as A;
    const saved: History = { ...this.history, dirs: [...this.history.dirs], steps: [...this.history.steps], ro: [...this.history.ro] };
    try {
      return this.run(x, objective);
    } catch (error) {
      x.set(start);
      this.history = saved;
      throw error;
    }
  }

  private run<A extends FloatArray>(x: A, objective: LbfgsObjective<A>): LbfgsStepResult {
    const { learningRate: lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch } = this.hyperparameters;
    const state = this.history;
    const evaluate = (): { loss: number; gradient: Float64Array } => {
      const { loss, gradient } = objective(x);
      if (gradient?.length !== x.length) throw new DescentError('objective gradient.length', gradient?.length, `${x.length}, the number of parameters`);
      if (!Number.isFinite(loss)) throw new DescentError('objective loss', loss, 'a finite number');
      const values = Float64Array.from(gradient);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new DescentError(`objective gradient[${bad}]`, values[bad], 'a finite number');
      return { loss, gradient: values };
    };
    let { loss, gradient } = evaluate();
    const initialLoss = loss;
    let evaluations = 1;
    state.evaluations++;
    if (maxAbs(gradient) <= toleranceGrad) return { initialLoss, loss, iterations: 0, evaluations };
    let d = state.d;
    let t = state.t;
    let iterations = 0;
    while (iterations < maxIter) {
      iterations++;
      state.iterations++;
      if (state.iterations === 1) {
        d = gradient.map((g) => -g);
        state.dirs = [];
        state.steps = [];
        state.ro = [];
        state.hDiag = 1;
      } else {
        d = this.direction(gradient, d as Float64Array, t, historySize);
      }
      state.previousGradient = gradient.slice();
      state.previousLoss = loss;
      t = state.iterations === 1 ? Math.min(1, 1 / sumAbs(gradient)) * lr : lr;
      const gtd = dot(gradient, d);
      if (gtd > -toleranceChange) break;
      let lineEvaluations = 0;
      let optimal = false;
      if (lineSearch === 'strongWolfe') {
        const start = x.slice() as A;
        const direction = d;
        const result = strongWolfe(
          (step) => {
            for (let i = 0; i < x.length; i++) x[i] = start[i] + step * direction[i];
            const value = evaluate();
            x.set(start);
            return value;
          },
          t,
          d,
          loss,
          gradient,
          gtd,
        );
        ({ loss, gradient, t } = result);
        lineEvaluations = result.evaluations;
        for (let i = 0; i < x.length; i++) x[i] += t * d[i];
        optimal = maxAbs(gradient) <= toleranceGrad;
      } else {
        for (let i = 0; i < x.length; i++) x[i] += t * d[i];
        if (iterations !== maxIter) {
          ({ loss, gradient } = evaluate());
          optimal = maxAbs(gradient) <= toleranceGrad;
          lineEvaluations = 1;
        }
      }
      evaluations += lineEvaluations;
      state.evaluations += lineEvaluations;
      if (iterations === maxIter || evaluations >= maxEval || optimal) break;
      if (maxAbsScaled(d, t) <= toleranceChange) break;
      if (Math.abs(loss - state.previousLoss) < toleranceChange) break;
    }
    state.d = d;
    state.t = t;
    return { initialLoss, loss, iterations, evaluations };
  }

  /** The L-BFGS direction from the two-loop recursion, after recording the newest curvature pair. */
  private direction(gradient: Float64Array, d: Float64Array, t: number, historySize: number): Float64Array {
    const state = this.history;
    const previous = state.previousGradient as Float64Array;
    const y = gradient.map((g, i) => g - previous[i]);
    const s = d.map((di) => di * t);
    const ys = dot(y, s);
    if (ys > 1e-10) {
      if (state.dirs.length === historySize) {
        state.dirs.shift();
        state.steps.shift();
        state.ro.shift();
      }
      state.dirs.push(y);
      state.steps.push(s);
      state.ro.push(1 / ys);
      state.hDiag = ys / dot(y, y);
    }
    const count = state.dirs.length;
    const alpha = new Array<number>(count);
    const q = gradient.map((g) => -g);
    for (let i = count - 1; i >= 0; i--) {
      alpha[i] = dot(state.steps[i], q) * state.ro[i];
      const yi = state.dirs[i];
      for (let j = 0; j < q.length; j++) q[j] += -alpha[i] * yi[j];
    }
    const r = q.map((qi) => qi * state.hDiag);
    for (let i = 0; i < count; i++) {
      const beta = dot(state.dirs[i], r) * state.ro[i];
      const si = state.steps[i];
      for (let j = 0; j < r.length; j++) r[j] += (alpha[i] - beta) * si[j];
    }
    return r;
  }
}

function maxAbsScaled(a: ArrayLike<number>, scale: number): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] * scale));
  return m;
}

function sumAbs(a: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]);
  return sum;
}

/**
 * Creates an L-BFGS optimizer from its config (validated; see LbfgsConfig for each field's default).
 *
 * @example
 * // Minimizes ½(x² + 10y²) from (3, 1): each step runs up to maxIter iterations.
 * const lbfgs = createLbfgs({ type: 'lbfgs', lineSearch: 'strongWolfe' });
 * const x = Float64Array.of(3, 1);
 * const gradient = new Float64Array(2);
 * lbfgs.step(x, (p) => {
 *   gradient[0] = p[0];
 *   gradient[1] = 10 * p[1];
 *   return { loss: 0.5 * (p[0] ** 2 + 10 * p[1] ** 2), gradient };
 * });
 */
export function createLbfgs(config: LbfgsConfig): Lbfgs {
  return new Lbfgs(config);
}
