import type { Field, FieldValues } from '../fields';
import type { Value } from './expression';

/**
 * The step-level inputs of one update: step number and learning rate. Read it during the
 * call it is given to; the optimizer fills the same object for every update.
 */
export interface StepInfo {
  /** The step number of this tensor, starting at 1. */
  readonly t: number;
  /** The learning rate of this step: the schedule's value times any per-tensor multiplier. */
  readonly lr: number;
  /** The tensor's shape (its length alone when the caller gave none). */
  readonly shape: readonly number[];
}

/**
 * The step-wide values an update may read (rules with `global`), one number per step for
 * every tensor: the rule's state before the step and after it, by name, and the step's
 * totals of the tensors' shares. Each engine keeps them where its arrays live (on a GPU,
 * on the device: a step reads nothing back).
 */
export interface StepGlobals {
  readonly before: Readonly<Record<string, Value>>;
  readonly after: Readonly<Record<string, Value>>;
  readonly totals: Readonly<Record<string, Value>>;
}

/**
 * A quantity a rule estimates from every tensor of a step at once (Prodigy's distance d).
 * Each tensor adds its shares (sums over the tensor, from the state before the step) before
 * any tensor is updated; `advance` gives the new state from the old one and the totals;
 * every tensor's update then reads both through `global`. All three are written with
 * Values, so every engine evaluates them where its arrays are (the host in float64, tf ops
 * on the device).
 */
export interface GlobalEstimate<H, S extends string, C> {
  /** The state before the first step, by name. */
  initial(h: H): Record<string, number>;
  /** Checks an imported state (every name present, its values sound); throws DescentError naming `where`. */
  check(h: H, state: Record<string, unknown>, where: string): void;
  /** One tensor's shares of the step-wide sums, by name: sums over the tensor (`sum`), read from the state before the step (`global.before`). */
  shares(inputs: UpdateInputs<S, C>, h: H): Record<string, Value>;
  /** The new state, by name, from `global.before` and `global.totals`; `lr` is the step's learning rate (before per-tensor multipliers). */
  advance(global: StepGlobals, lr: Value, h: H): Record<string, Value>;
}

/**
 * How a rule's `weightDecay` field acts, composed around its update once for every rule (as
 * Optax chains `add_decayed_weights`): "coupled" adds weightDecay·p to the gradient (L2
 * through the gradient); "decoupled" scales the parameter by 1 − lr·weightDecay first.
 */
export type WeightDecayKind = 'coupled' | 'decoupled';

/** What a rule's element-wise update reads, as Values: the parameter, the gradient, its slots, its coefficients. */
export interface UpdateInputs<S extends string, C> {
  /** The parameter (after decoupled decay, for such rules). */
  readonly param: Value;
  /** The gradient (after the transforms, and coupled decay for such rules). */
  readonly grad: Value;
  /** The slots in force for these hyperparameters, by name (their values before this step). */
  readonly slots: Readonly<Record<S, Value>>;
  /** The per-step coefficients, by name. */
  readonly c: { readonly [K in keyof C]: Value };
  /** The tensor's rank: a rule may update matrices (rank ≥ 2) differently from vectors. */
  readonly rank: number;
  /** The step-wide values, for a rule with `global`. */
  readonly global: StepGlobals;
}

/** The result of an update: the new parameter and the new value of each slot it changes. */
export interface UpdateOutputs<S extends string> {
  readonly param: Value;
  readonly slots?: Partial<Record<S, Value>>;
}

/**
 * The weights a rule evaluates at (for inference and saving) when they are not the
 * parameters it trains: `paramWeight·p + slotWeight·slot`, element by element.
 */
export interface EvaluationPoint<S extends string> {
  /** The slot read. */
  readonly slot: S;
  /** The weight of the trained parameter. */
  readonly paramWeight: number;
  /** The weight of the slot. */
  readonly slotWeight: number;
}

/** The fields of a rule: one entry per hyperparameter (name, default, check, doc). */
export type RuleFields = Readonly<Record<string, Field<unknown>>>;

/**
 * An update rule, defined once: its hyperparameters, state and the element-wise update.
 * Every backend is printed from this one definition (see RuleProgram): the float64
 * reference and the fast engine's JavaScript loop, the WebAssembly SIMD kernel, the tf-ops
 * path and the WebGL/WebGPU shaders. `F` are the fields (the hyperparameters are their
 * values, `FieldValues<F>`), `S` the slot names, `C` the per-step coefficients.
 */
export interface RuleDefinition<T extends string = string, F extends RuleFields = RuleFields, S extends string = string, C extends Record<string, number> = Record<string, number>> {
  /** The config `type`, e.g. "adam". */
  readonly type: T;
  /** The rule's name as written in prose and class names, e.g. "RMSprop"; default: `type` capitalized. */
  readonly displayName?: string;
  /** One line on what the rule is and which implementation it follows. */
  readonly summary: string;
  /** Every hyperparameter with its default, check and doc. */
  readonly fields: F;
  /** How `weightDecay` acts, when the rule has that field. */
  readonly weightDecay?: WeightDecayKind;
  /** Checks that span several fields (e.g. nesterov needs momentum); throws DescentError. */
  refine?(h: FieldValues<F>, where: string): void;
  /** The state slots the rule keeps for these hyperparameters and a tensor of this rank, in kernel order. */
  slots(h: FieldValues<F>, rank: number): readonly S[];
  /**
   * Slots that hold one value per row or per column of a matrix (a factored moment) rather
   * than one per element; only for tensors of rank ≥ 2.
   */
  readonly slotExtent?: Partial<Record<S, 'row' | 'column'>>;
  /**
   * The slots that are never negative (second moments, their maxima, sums of squares, step
   * sizes): an imported state with a negative value in one is refused. Every slot must
   * hold finite values.
   */
  readonly nonNegativeSlots?: readonly S[];
  /** Initial value of a slot (0 unless the rule says otherwise). */
  initialSlotValue?(h: FieldValues<F>, slot: S): number;
  /** Initial scalar state (none unless the rule says otherwise). */
  initialScalars?(h: FieldValues<F>): Record<string, number>;
  /**
   * Advances the scalar state for step `t` and returns the numbers the element-wise update
   * reads, every power and bias correction already computed (in float64).
   */
  coefficients(h: FieldValues<F>, step: StepInfo, scalars: Record<string, number>): C;
  /** The element-wise update, written once with Values; `h` picks its structure (e.g. amsgrad). */
  update(inputs: UpdateInputs<S, C>, h: FieldValues<F>): UpdateOutputs<S>;
  /**
   * For rules that train one point and evaluate at another (ASGD's running average,
   * schedule-free's x): the evaluation point, read like averaged weights (`averageOf`).
   */
  evaluationPoint?(h: FieldValues<F>): EvaluationPoint<S>;
  /** A step-wide estimate the update reads (Prodigy's d); engines without `shares` refuse such a rule. */
  readonly global?: GlobalEstimate<FieldValues<F>, S, C>;
}

/** The rule's name as written in prose and class names: its displayName, or its `type` capitalized ("adagrad" → "Adagrad"). */
export function displayNameOf(rule: { readonly type: string; readonly displayName?: string }): string {
  return rule.displayName ?? rule.type.charAt(0).toUpperCase() + rule.type.slice(1);
}

/** A rule of any type, as held in the registry (its methods take any rule's hyperparameters). */
export type AnyRuleDefinition = RuleDefinition;

/** The hyperparameters of a rule definition. */
export type HyperparametersOf<R> = R extends RuleDefinition<string, infer F, string, Record<string, number>> ? FieldValues<F> : never;

/** The config of a rule: its `type` and any of its hyperparameters. */
export type ConfigOf<R> = R extends RuleDefinition<infer T, infer F, string, Record<string, number>> ? { type: T } & Partial<FieldValues<F>> : never;

/**
 * Defines a rule, inferring its field, slot and coefficient types from the definition
 * itself: `export const adam = defineRule({ type: 'adam', fields: {…}, … })`.
 */
export function defineRule<T extends string, F extends RuleFields, S extends string, C extends Record<string, number>>(
  definition: RuleDefinition<T, F, S, C>,
): RuleDefinition<T, F, S, C> {
  return definition;
}
