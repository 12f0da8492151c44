import { storeByExtent } from '../kernels/extent-evaluator';
import { extentKernel, type ExtentKernel } from '../kernels/extent-kernel';
import { jsKernel, jsReductionKernel } from '../kernels/js-kernel';
import { extentLayout } from '../rules/extent';
import { coefficientValues, type ReductionProgram, type RuleProgram, type StepWideProgram } from '../rules/program';
import type { AnyRuleDefinition, StepInfo } from '../rules/rule';
import type { FloatArray } from '../transforms/transform';
import { typedArrayMath, type ArrayMath } from './array-math';

/** The per-tensor state an engine updates: slots by name and in the rule's order, scalars, the printed update. */
export interface EngineTensorState<A> {
  /** The tensor's shape ([length] when the caller gave none). */
  readonly shape: readonly number[];
  /** The slots by name; an engine of immutable tensors replaces entries (and `slotList` with them). */
  readonly slots: Record<string, A>;
  /** The slots in the order `rule.slots(h)` names them (what kernels take). */
  slotList: A[];
  readonly scalars: Record<string, number>;
  /** The hyperparameters in force for this tensor. */
  hyperparameters: Record<string, unknown>;
  /** The rule's update for these hyperparameters, as every backend prints it. */
  program: RuleProgram;
  /** Room for one step's coefficients, in the program's order, then the program's per-tensor sums. */
  coefficients: Float64Array;
  /** For a rule with a step-wide estimate: the tensor's shares of its sums; else null. */
  shares?: StepWideProgram | null;
}

/** The coefficients of this step for one tensor (advancing the rule's scalar state), in the program's order. */
export function stepCoefficients<A>(rule: AnyRuleDefinition, state: EngineTensorState<A>, step: StepInfo): Float64Array {
  return coefficientValues(rule, state.program, state.hyperparameters, step, state.scalars, state.coefficients);
}

/**
 * The host's part of one update (typed arrays): the coefficients (advancing the rule's
 * scalar state), then the program's reduction — its sums added up in float64, in one
 * printed loop when it is one pass, else by extent (extent-kernel.ts). Returns the numbers the
 * printed update takes (the coefficients, then the per-tensor sums) for the caller to run
 * it; or null when the program broadcasts (factored slots, per-row values, a computed
 * matrix): then the update has been evaluated by extent and everything written, factored
 * slots last, as everything before reads the state before the step.
 */
export function hostScalars<A extends Float32Array | Float64Array>(
  rule: AnyRuleDefinition,
  p: A,
  g: A,
  state: EngineTensorState<A>,
  step: StepInfo,
  globals?: Readonly<Record<string, unknown>>,
): Float64Array | null {
  const program = state.program;
  const c = stepCoefficients(rule, state, step);
  return program.reduction === null ? c : reduced(p, g, state, c, globals);
}

/** hostScalars for a program with a reduction, once the coefficients `c` are known (a function of its own, so that an element-wise step's call stays small). */
function reduced<A extends Float32Array | Float64Array>(p: A, g: A, state: EngineTensorState<A>, c: Float64Array, globals: Readonly<Record<string, unknown>> | undefined): Float64Array | null {
  const program = state.program;
  const reduction = program.reduction as ReductionProgram;
  const onePass = jsReductionKernel(program);
  if (onePass !== null) {
    onePass(p, g, state.slotList, c);
    return c;
  }
  const layout = extentLayout(state.shape);
  const inputs = { p, g, slots: state.slotList, coefficients: c, sums: [], globals: globalNumbers(program.globals, globals) };
  const values = reductionKernel(program, reduction)(inputs, layout, []);
  const sums = reduction.sums.map((at) => values[at]);
  if (!program.broadcasts) {
    // The update reads only per-tensor sums: numbers after the coefficients.
    sums.forEach((value, j) => (c[program.coefficients.length + j] = typeof value === 'number' ? value : NaN));
    return c;
  }
  const written = program.slotOutputs.flatMap((at, k) => (at === null ? [] : [state.slotList[k]]));
  updateKernel(program)({ ...inputs, sums }, layout, [p, ...written]);
  reduction.slotOutputs.forEach((at, k) => at !== null && storeByExtent(state.slotList[k], program.slotExtents[k], values[at], reduction.extents[at], layout));
  return null;
}

const reductionKernels = new WeakMap<RuleProgram, ExtentKernel>();
const updateKernels = new WeakMap<RuleProgram, ExtentKernel>();

/** The kernel evaluating a program's reduction by extent, once per program. */
function reductionKernel(program: RuleProgram, { instructions, extents }: ReductionProgram): ExtentKernel {
  let kernel = reductionKernels.get(program);
  if (kernel === undefined) {
    kernel = extentKernel({ instructions, extents, outputs: [], key: `${program.key}|reduction` });
    reductionKernels.set(program, kernel);
  }
  return kernel;
}

/** The kernel evaluating a broadcasting program's update by extent, once per program (only such programs need it). */
function updateKernel(program: RuleProgram): ExtentKernel {
  let kernel = updateKernels.get(program);
  if (kernel === undefined) {
    const outputs = [program.param, ...program.slotOutputs.filter((at): at is number => at !== null)];
    kernel = extentKernel({ instructions: program.instructions, extents: program.extents, outputs, key: `${program.key}|update` });
    updateKernels.set(program, kernel);
  }
  return kernel;
}

/** The numbers of the step-wide values a program reads, in its order (`names`: its `globals`). */
function globalNumbers(names: readonly string[], globals: Readonly<Record<string, unknown>> | undefined): number[] {
  return names.map((name) => {
    const value = globals?.[name];
    return typeof value === 'number' ? value : NaN;
  });
}

const stepWideKernels = new WeakMap<StepWideProgram, ExtentKernel>();

/** The printed kernel of a step-wide program (its loops by extent), once per program. */
function stepWideKernel(program: StepWideProgram): ExtentKernel {
  let kernel = stepWideKernels.get(program);
  if (kernel === undefined) {
    const { instructions, extents } = program;
    kernel = extentKernel({ instructions, extents, outputs: [], key: `step-wide|${JSON.stringify([instructions, extents])}` });
    stepWideKernels.set(program, kernel);
  }
  return kernel;
}

/** The outputs of a step-wide program evaluated on the host in float64 (for a tensor's shares, over its arrays). */
function evaluateStepWide(program: StepWideProgram, p: FloatArray, g: FloatArray, slots: readonly FloatArray[], coefficients: Float64Array, globals: Readonly<Record<string, unknown>>, shape: readonly number[]): number[] {
  const values = stepWideKernel(program)({ p, g, slots, coefficients, sums: [], globals: globalNumbers(program.globals, globals) }, extentLayout(shape), []);
  return program.outputs.map((at) => values[at] as number);
}

/**
 * How an engine keeps a rule's step-wide state (prodigy's d) and evaluates its step-wide
 * programs: numbers in float64 on the host, scalar tensors on a device (where a step never
 * reads them back). Its values are the engine's own: numbers or tensors.
 */
export interface StepWide<A> {
  /** A value holding `value`, kept until released (the initial state, an import). */
  scalar(value: number): unknown;
  /** The number a value holds (for an export; a device engine reads it back, outside steps). */
  read(value: unknown): number;
  /** a + b, a new value. */
  add(a: unknown, b: unknown): unknown;
  /** One tensor's shares (a program of buildSharesProgram): its arrays, coefficients and the step-wide values by name. */
  shares(program: StepWideProgram, p: A, g: A, state: EngineTensorState<A>, coefficients: Float64Array, globals: Readonly<Record<string, unknown>>): unknown[];
  /** The outputs of a program that reads no tensor (buildAdvanceProgram). */
  evaluate(program: StepWideProgram, coefficients: Float64Array, globals: Readonly<Record<string, unknown>>): unknown[];
  /** Keeps `next` in place of `previous`, which is released (on a device, guarded as `hold` is). */
  hold(next: unknown, previous: unknown): unknown;
  /** Releases a kept value. */
  release(value: unknown): void;
}

/** The host's step-wide values: float64 numbers, the shares added up over typed arrays. */
export function hostStepWide<A extends Float32Array | Float64Array>(): StepWide<A> {
  const number = (value: unknown) => (typeof value === 'number' ? value : NaN);
  return {
    scalar: (value) => value,
    read: number,
    add: (a, b) => number(a) + number(b),
    shares: (program, p, g, state, coefficients, globals) => evaluateStepWide(program, p, g, state.slotList, coefficients, globals, state.shape),
    evaluate: (program, coefficients, globals) => evaluateStepWide(program, new Float64Array(0), new Float64Array(0), [], coefficients, globals, []),
    hold: (next) => next,
    release: () => undefined,
  };
}

/**
 * What an engine whose arrays live on a device (a GPU) offers so that a step never reads
 * it back: the non-finite check as a device flag, and writes guarded by that flag.
 */
export interface DeviceChecks<A> {
  /** A device flag, true when every array is finite (and `also`, a flag, is true); nothing is read. The caller releases it. */
  allFinite(arrays: readonly A[], also?: A): A;
  /** A new device flag, the opposite of `flag`. The caller releases it. */
  negate(flag: A): A;
  /**
   * Guards every write the engine makes (updates and held arrays) by `flag` until called
   * with null: where the flag is false, each array keeps its old values.
   */
  guardWrites(flag: A | null): void;
  /** The flag's value, once the device has computed it. */
  readFlag(flag: A): Promise<boolean>;
  /** Frees a flag. */
  releaseFlag(flag: A): void;
  /** Brings every array the engine keeps into host memory, so the synchronous reads of an export find them there. */
  prefetch(): Promise<void>;
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
  /**
   * Present on engines whose arrays live on a GPU: then a step reads nothing back, a step
   * with skipNonFinite is guarded on the device and settled later, and a non-finite gradient
   * without skipNonFinite is not detected (as with tf.train).
   */
  readonly device?: DeviceChecks<A>;
  /**
   * One rule update of one tensor (the program in `state`): the parameter in place, the
   * slots in `state`; `globals` are the step-wide values by name (rules with `global`).
   */
  update(rule: AnyRuleDefinition, p: A, g: A, state: EngineTensorState<A>, step: StepInfo, globals?: Readonly<Record<string, unknown>>): void;
  /** Step-wide state and programs (rules with `global`, such as prodigy); an optimizer refuses such rules on an engine without. */
  readonly stepWide?: StepWide<A>;
}

/** A typed-array engine running each rule's program as one JavaScript loop over arrays of `type`. */
function loopEngine<A extends Float32Array | Float64Array>(type: { new (length: number): A; readonly name: string }, precision: 'float32' | 'float64'): Engine<A> {
  return {
    ...typedArrayMath((length) => new type(length)),
    precision,
    arrays: `a ${type.name}`,
    accepts: (values): values is A => values instanceof type,
    update(rule, p, g, state, step, globals) {
      const c = hostScalars(rule, p, g, state, step, globals);
      if (c !== null) jsKernel(state.program)(p, g, state.slotList, c);
    },
    stepWide: hostStepWide<A>(),
  };
}

/** The JavaScript fast engine: coefficients computed once per tensor, then the rule's program as one Float32Array loop. */
export const jsEngine: Engine<Float32Array> = loopEngine(Float32Array, 'float32');

/** The reference engine: each rule's program in float64, coefficients and arrays alike. */
export const referenceEngine: Engine<Float64Array> = loopEngine(Float64Array, 'float64');
