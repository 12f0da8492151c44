import type { AnyRuleDefinition, StepInfo } from '../rules/rule';
import { typedArrayMath, type ArrayMath } from './array-math';

/** The per-tensor state an engine updates: slots by name and in the rule's order, scalars. */
export interface EngineTensorState<A> {
  /** The slots by name; an engine of immutable tensors replaces entries (and `slotList` with them). */
  readonly slots: Record<string, A>;
  /** The slots in the order `rule.slots(h)` names them (what kernels take). */
  slotList: A[];
  readonly scalars: Record<string, number>;
}

/**
 * How an optimizer does its array work: the rule's element-wise update of a tensor, and the
 * operations its bookkeeping needs (ArrayMath). The fast engine runs each rule's fused
 * Float32Array kernel, the reference engine its float64 statement; a framework adapter can
 * supply one over its own tensors (the tfjs tf-ops path does).
 */
export interface Engine<A> extends ArrayMath<A> {
  /** "float32" for the fast engines (and float32 tensors), "float64" for the reference. */
  readonly precision: 'float32' | 'float64';
  /** What arrays it takes, for error messages, e.g. "a Float32Array". */
  readonly arrays: string;
  /** True when `values` is this engine's array type. */
  accepts(values: unknown): values is A;
  /** One rule update of one tensor: the parameter in place, the slots in `state`. */
  update(rule: AnyRuleDefinition, h: object, p: A, g: A, state: EngineTensorState<A>, step: StepInfo): void;
}

/** The JavaScript fast engine: coefficients computed once per tensor, then the rule's fused Float32Array loop. */
export const jsEngine: Engine<Float32Array> = {
  ...typedArrayMath((length) => new Float32Array(length)),
  precision: 'float32',
  arrays: 'a Float32Array',
  accepts: (values): values is Float32Array => values instanceof Float32Array,
  update(rule, h, p, g, state, step) {
    rule.kernel(p, g, state.slotList, rule.coefficients(h, step, state.scalars));
  },
};

/** The reference engine: each rule's float64 statement, element by element. */
export const referenceEngine: Engine<Float64Array> = {
  ...typedArrayMath((length) => new Float64Array(length)),
  precision: 'float64',
  arrays: 'a Float64Array',
  accepts: (values): values is Float64Array => values instanceof Float64Array,
  update(rule, h, p, g, state, step) {
    rule.reference(p, g, state as never, h, step);
  },
};
