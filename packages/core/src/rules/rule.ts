import type { Fields } from '../fields';

/** Per-tensor state of a rule: element-wise slots and a few scalars. */
export interface RuleState<A extends Float32Array | Float64Array> {
  /** Element-wise state by slot name (e.g. `m`, `v`), each as long as the tensor. */
  readonly slots: Record<string, A>;
  /** Scalar state by name (e.g. nadam's momentum product `muProduct`). */
  readonly scalars: Record<string, number>;
}

/** The step-level inputs of one update: step number and learning rate. */
export interface StepInfo {
  /** The step number of this tensor, starting at 1. */
  readonly t: number;
  /** The learning rate of this step: the schedule's value times any per-tensor multiplier. */
  readonly lr: number;
}

/**
 * An update rule, defined once. Backends get names, defaults and validation from
 * `fields`, the per-step scalars from `coefficients`, and either run `kernel` (the
 * fused Float32Array loop) or do the same element-wise work with their own ops.
 * `reference` is the float64 statement of the rule, written for clarity, against
 * which every backend is checked.
 */
export interface RuleDefinition<H, C> {
  /** The config `type`, e.g. "adam". */
  readonly type: string;
  /** Every hyperparameter with its default and check. */
  readonly fields: Fields<H>;
  /** Checks that span several fields (e.g. nesterov needs momentum); throws DescentError. */
  refine?(h: H, where: string): void;
  /** The element-wise state slots the rule keeps for these hyperparameters. */
  slots(h: H): readonly string[];
  /** Initial values of the slots (0 unless the rule says otherwise). */
  initialSlotValue?(h: H, slot: string): number;
  /** Initial scalar state (empty for most rules). */
  initialScalars(h: H): Record<string, number>;
  /**
   * Advances the scalar state for step `t` and returns the scalars the element-wise
   * update needs, every power and bias correction already computed.
   */
  coefficients(h: H, step: StepInfo, scalars: Record<string, number>): C;
  /** The fused update of one Float32Array tensor, in place, from precomputed coefficients. */
  kernel(p: Float32Array, g: Float32Array, slots: readonly Float32Array[], c: C): void;
  /** The float64 reference update of one tensor, in place, written straight from the formulas. */
  reference(p: Float64Array, g: Float64Array, state: RuleState<Float64Array>, h: H, step: StepInfo): void;
}

/** A rule of any hyperparameter and coefficient type, as held in the registry. */
export type AnyRuleDefinition = RuleDefinition<object, object>;
