import type { Fields } from '../fields';
import type { ArrayMath } from '../optimizer/array-math';
import type { Json } from '../schedules/schedule';

/** A float tensor as the typed-array engines hold it: Float32Array (fast engine) or Float64Array (reference). */
export type FloatArray = Float32Array | Float64Array;

/** What a gradient transform sees of one tensor. */
export interface TransformTensor<A> {
  /** The tensor's name (its key in every state). */
  readonly name: string;
  /** The parameter values, read-only for transforms. */
  readonly param: A;
  /** The gradient: a copy of the caller's, which transforms replace with their result. */
  grad: A;
  /** False when the tensor's group excludes it from l1/l2 (e.g. biases). */
  readonly regularize: boolean;
}

/** A gradient transform, ready to use; transforms run in order before the rule. */
export interface GradientTransform {
  /** The config `type` it was made from. */
  readonly type: string;
  /**
   * Transforms the gradients with `math`, replacing each tensor's `grad` with the result.
   * Returns false when no update should happen this call (accumulate is still collecting);
   * the chain stops there.
   */
  apply<A>(tensors: TransformTensor<A>[], math: ArrayMath<A>): boolean;
  /**
   * Called before anything changes when a gradient holds NaN or ±Inf: true means skip
   * the step (it is counted), false means the optimizer throws. Absent: throw.
   */
  admitNonFinite?(): boolean;
  /** True when a step whose result (parameters, slots) is not finite is to be skipped as well (skipNonFinite's guardResult). */
  readonly guardsResult?: boolean;
  /** Called after every step that had finite gradients. */
  onFiniteStep?(): void;
  /** The host-side counters a call advances (accumulate's call count), to put back when a guarded device step turns out non-finite. */
  counters?(): unknown;
  /** Puts back what `counters` returned. */
  restoreCounters?(saved: unknown): void;
  /** Drops what the transform keeps for these tensors (all tensors when no names are given). */
  forget?<A>(math: ArrayMath<A>, names?: readonly string[]): void;
  /** The transform's mutable state as JSON (null when it has none). */
  exportState<A>(math: ArrayMath<A>): Json;
  /**
   * Restores what `exportState` returned, checked whole first (a rejected state changes
   * nothing); `lengths` are the lengths of the tensors the optimizer's state holds, by name.
   */
  importState<A>(state: Json, math: ArrayMath<A>, lengths: ReadonlyMap<string, number>): void;
}

/** A transform kind: its fields and how to build it. */
export interface TransformDefinition<H> {
  /** The config `type`, e.g. "clipByGlobalNorm". */
  readonly type: string;
  /** Every field with its default and check. */
  readonly fields: Fields<H>;
  /** Builds the transform from checked fields. */
  create(h: H, where: string): GradientTransform;
}

/** A transform kind of any field type, as held in the registry. */
export type AnyTransformDefinition = TransformDefinition<object>;

/** The parts of a stateless transform: only `apply` differs. */
export function stateless(type: string, apply: GradientTransform['apply']): GradientTransform {
  return { type, apply, exportState: () => null, importState: () => undefined };
}
