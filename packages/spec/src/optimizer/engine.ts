import type { AnyRuleDefinition, StepInfo } from '../rules/rule';
import type { FloatArray } from '../transforms/transform';

/** The per-tensor state an engine updates: slots by name and in the rule's order, scalars. */
export interface EngineTensorState<A extends FloatArray> {
  readonly slots: Record<string, A>;
  /** The slots in the order `rule.slots(h)` names them (what kernels take). */
  slotList: A[];
  readonly scalars: Record<string, number>;
}

/**
 * How an optimizer does the element-wise work: the fast engine runs each rule's fused
 * Float32Array kernel, the reference engine its float64 statement.
 */
export interface Engine<A extends FloatArray> {
  /** "float32" for the fast engine, "float64" for the reference. */
  readonly precision: 'float32' | 'float64';
  /** A zeroed array of this engine's type. */
  allocate(length: number): A;
  /** True when `values` is this engine's array type. */
  accepts(values: unknown): values is A;
  /** True when any element is NaN or ±Inf. */
  hasNonFinite(values: A): boolean;
  /** One rule update of one tensor, in place. */
  update(rule: AnyRuleDefinition, h: object, p: A, g: A, state: EngineTensorState<A>, step: StepInfo): void;
}

/** True when any element is NaN or ±Inf: a sum of x·0 is 0 unless some x is not finite. */
export function hasNonFiniteElement(values: FloatArray): boolean {
  let probe = 0;
  for (let i = 0, n = values.length; i < n; i++) probe += values[i] * 0;
  return probe !== 0;
}

/** The JavaScript fast engine: coefficients computed once per tensor, then the rule's fused Float32Array loop. */
export const jsEngine: Engine<Float32Array> = {
  precision: 'float32',
  allocate: (length) => new Float32Array(length),
  accepts: (values): values is Float32Array => values instanceof Float32Array,
  hasNonFinite: hasNonFiniteElement,
  update(rule, h, p, g, state, step) {
    rule.kernel(p, g, state.slotList, rule.coefficients(h, step, state.scalars));
  },
};

/** The reference engine: each rule's float64 statement, element by element. */
export const referenceEngine: Engine<Float64Array> = {
  precision: 'float64',
  allocate: (length) => new Float64Array(length),
  accepts: (values): values is Float64Array => values instanceof Float64Array,
  hasNonFinite: hasNonFiniteElement,
  update(rule, h, p, g, state, step) {
    rule.reference(p, g, state, h, step);
  },
};
