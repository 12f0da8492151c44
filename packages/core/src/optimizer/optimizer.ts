import type { AverageConfig, Averager } from '../averaging/average';
import { DescentError } from '../errors';
import { isPlainObject } from '../fields';
import type { FirstOrderRuleConfig, ResolvedRule } from '../rules';
import type { Json, Schedule, ScheduleConfig } from '../schedules';
import { isJson } from '../schedules/schedule';
import type { GradientTransform, TransformConfig } from '../transforms';
import type { TransformTensor } from '../transforms/transform';
import type { LookaheadConfig } from '../wrappers/lookahead';
import { buildOptimizerParts } from './config';
import { buildAdvanceProgram, coefficientValues, type StepWideProgram } from '../rules/program';
import type { DeviceChecks, Engine, StepWide } from './engine';
import { PendingChecks, type Counters, type Settler } from './pending-checks';
import { ResultGuard } from './result-guard';
import { checkOverrides, optionsFor, resolveGroups, type ResolvedGroup, type TensorGroupConfig, type TensorOptions } from './groups';
import { exportTensorRecord, importTensorRecords, isCount, STATE_FORMAT, type OptimizerState } from './state';
import { createTensorRecord, makeMissingSlots, refreshSlots, releaseRecord, type TensorRecord } from './tensor-record';

/** Everything one optimizer composes: a rule, and optionally a schedule, transforms, averaging and tensor groups. */
export interface OptimizerConfig {
  /** The update rule, e.g. `{ type: "adamw", learningRate: 1e-3 }`. */
  rule: FirstOrderRuleConfig;
  /**
   * The learning-rate schedule. Default: constant.
   * @defaultValue `{ type: "constant" }`
   */
  schedule?: ScheduleConfig;
  /** Gradient transforms, applied in order before the rule. */
  transforms?: TransformConfig[];
  /** Parameter averaging kept beside the parameters. */
  average?: AverageConfig;
  /** Per-tensor options; the first matching group applies. */
  groups?: TensorGroupConfig[];
  /** Lookahead around the rule: slow weights that follow the parameters every k steps. */
  lookahead?: LookaheadConfig;
}

/** A parameter tensor: its values (updated in place), a name that keys its state, and optionally its shape. */
export interface Param<A> {
  /** Keys the tensor's state; default: its position ("0", "1", …). */
  readonly name?: string;
  readonly values: A;
  readonly shape?: readonly number[];
}

/** A gradient: the values alone, or with a shape to check against the parameter's. */
export type Grad<A> = A | { readonly values: A; readonly shape?: readonly number[] };

/** What a call to `step` did. */
export type StepOutcome = 'updated' | 'accumulated' | 'skipped';

interface Checked<A> {
  name: string;
  param: A;
  grad: A;
  shape: readonly number[];
  /** The tensor's record, when it has one before this step. */
  record: TensorRecord<A> | undefined;
  /** The shape the caller gave with the parameter, as given (undefined when none): a step passing the same arrays and shapes skips re-checking them. */
  given: readonly number[] | undefined;
  /** The dimensions `given` held when checked: a shape array changed in place since is checked again. */
  givenDims: readonly number[] | undefined;
}

/**
 * An optimizer over named tensors: rule + schedule + transforms + averaging, with
 * per-tensor groups. State is created the first time a tensor name is seen and kept by
 * name, so tensors can come and go between steps (frozen layers). A step that is
 * rejected (bad shapes, non-finite gradients) throws before anything changes.
 */
export class Optimizer<A> {
  /** The config as given, with the rule's defaults filled in. */
  readonly config: OptimizerConfig;
  private readonly engine: Engine<A>;
  private rule: ResolvedRule;
  private groups: ResolvedGroup[];
  private readonly schedule: Schedule;
  private readonly transforms: GradientTransform[];
  private readonly changesGradients: boolean;
  private readonly averager: Averager | null;
  private readonly records = new Map<string, TensorRecord<A>>();
  private readonly views: TransformTensor<A>[] = [];
  private readonly gradients: A[] = [];
  /** The checked tensors of the current step and their names: reused from step to step. */
  private readonly checked: Checked<A>[] = [];
  private readonly seen = new Set<string>();
  /** True when `checked` holds the last step's entries and that step's check passed. */
  private checkedNames = false;
  /** The records of the current step's tensors, in order. */
  private readonly stepRecords: TensorRecord<A>[] = [];
  private steps = 0;
  private skipped = 0;
  /** The skipNonFinite transform, if configured. */
  private readonly skipper: GradientTransform | undefined;
  /** Guarded device steps whose finiteness is not known yet. */
  private pending: PendingChecks<A> | null = null;
  /** skipNonFinite's guardResult: copies to put back a step whose result is not finite. */
  private readonly resultGuard: ResultGuard<A> | null;
  /** The rule's step-wide state (prodigy's d) as the engine keeps it, by name; null for a rule without one, and before it is made (on the first step). */
  private global: Record<string, unknown> | null = null;
  /** The rule's advance of its step-wide state, built on first use for the hyperparameters in force. */
  private advance: StepWideProgram | null = null;
  /**
   * The StepInfo of the tensor being updated, filled anew for each: one object for every
   * update, since engines and rules read it during the call and keep nothing of it.
   */
  private readonly stepInfo: { t: number; lr: number; shape: readonly number[] } = { t: 0, lr: 0, shape: [] };

  constructor(config: OptimizerConfig, engine: Engine<A>) {
    const parts = buildOptimizerParts(config);
    this.engine = engine;
    this.rule = parts.rule;
    this.groups = parts.groups;
    this.schedule = parts.schedule;
    this.transforms = parts.transforms;
    this.changesGradients = this.transforms.some((t) => t.type !== 'skipNonFinite');
    this.skipper = this.transforms.find((t) => t.admitNonFinite !== undefined);
    this.resultGuard = this.skipper?.guardsResult === true ? new ResultGuard(engine) : null;
    this.averager = parts.averager;
    if (this.averager !== null && this.rule.definition.evaluationPoint !== undefined) {
      throw new DescentError('average', config.average, `none: ${this.ruleType} keeps its own evaluation point (read it with averageOf)`);
    }
    const estimate = this.rule.definition.global;
    if (estimate !== undefined && engine.stepWide === undefined) {
      throw new DescentError('rule.type', this.rule.definition.type, `a rule this engine runs: ${this.rule.definition.type} keeps a step-wide state, which the engine of ${engine.arrays} does not`);
    }
    this.config = { ...config, rule: { type: this.rule.definition.type, ...this.rule.hyperparameters } as FirstOrderRuleConfig };
  }

  /** The rule's `type`. */
  get ruleType(): string {
    return this.rule.definition.type;
  }

  /** The engine's precision: "float32" (fast engine) or "float64" (reference). */
  get precision(): 'float32' | 'float64' {
    return this.engine.precision;
  }

  /** The rule's current hyperparameters (a copy). */
  get hyperparameters(): Record<string, unknown> {
    return { ...this.rule.hyperparameters };
  }

  /** Optimizer steps taken so far (the schedule's k); accumulating and skipped calls do not count. */
  get stepsTaken(): number {
    return this.steps;
  }

  /** Calls skipped by skipNonFinite so far. */
  get skippedSteps(): number {
    return this.skipped;
  }

  /** The learning rate the next step uses, before any per-tensor multiplier. */
  get learningRate(): number {
    return this.schedule.valueAt(this.steps, this.rule.hyperparameters.learningRate as number);
  }

  /**
   * Changes rule hyperparameters between steps, e.g. `{ learningRate: 0.01 }`. The update is
   * checked whole (fields, ranges, cross-field rules, every group) before anything changes.
   */
  setHyperparameters(update: Record<string, unknown>): void {
    const rule: ResolvedRule = { definition: this.rule.definition, hyperparameters: checkOverrides(this.ruleType, this.rule, update) };
    const groups = resolveGroups(this.config.groups, rule);
    const records = [...this.records.values()];
    const options = records.map((record) => optionsFor(record.name, rule, groups));
    // Slots the new hyperparameters need (momentum switched on) are made for every tensor first: all or none.
    const made: Record<string, A>[] = [];
    try {
      records.forEach((record, i) => made.push(makeMissingSlots(record, this.engine, rule.definition, options[i].hyperparameters)));
    } catch (error) {
      for (const slots of made) for (const slot of Object.values(slots)) this.engine.release(slot);
      throw error;
    }
    this.adopt(rule, groups);
    records.forEach((record, i) => {
      Object.assign(record.slots, made[i]);
      this.applyOptions(record, options[i]);
    });
  }

  /** Reports a metric (e.g. validation loss) to a metric-driven schedule such as reduceOnPlateau. */
  reportMetric(metric: number): void {
    this.schedule.reportMetric(metric);
  }

  /** True when there are weights to evaluate at other than the trained ones: `average` is configured, or the rule keeps its own (asgd). */
  get keepsAverage(): boolean {
    return this.averager !== null || this.rule.definition.evaluationPoint !== undefined;
  }

  /**
   * A copy of the weights to evaluate a tensor at, after its first step: the configured
   * average (EMA, Polyak), or the rule's own evaluation point (ASGD's average). `param`,
   * the tensor's current values, is needed when that point reads the parameters
   * (schedule-free's x); undefined before the first step or without averaging.
   */
  averageOf(name: string, param?: A): A | undefined {
    const record = this.records.get(name);
    const point = record === undefined ? undefined : this.rule.definition.evaluationPoint?.(record.hyperparameters);
    if (record === undefined || point === undefined) {
      const average = record?.average ?? null;
      return average === null ? undefined : this.engine.copy(average, null);
    }
    if (record.t === 0) return undefined;
    const slot = this.engine.copy(record.slots[point.slot], null);
    if (point.paramWeight === 0 && point.slotWeight === 1) return slot;
    if (param === undefined || !this.engine.accepts(param) || this.engine.size(param) !== record.length) {
      this.engine.release(slot);
      throw new DescentError('param', param, `the ${record.length} current values of "${name}" (${this.ruleType} evaluates at a blend of them and its state)`);
    }
    return this.engine.blend(slot, param, point.slotWeight, point.paramWeight);
  }

  /** The names of every tensor the optimizer holds state for. */
  get tensorNames(): string[] {
    return [...this.records.keys()];
  }

  /**
   * Applies one step: gradients through the transforms, the scheduled learning rate,
   * the rule, then averaging. Parameters are updated in place. On a device engine with
   * skipNonFinite the step is guarded on the device and its outcome settled later (see
   * `settled`); it reports "updated" (or "accumulated") meanwhile.
   */
  step(params: readonly Param<A>[], grads: readonly Grad<A>[]): StepOutcome {
    const checked = this.check(params, grads);
    const device = this.engine.device;
    if (device !== undefined && this.skipper !== undefined) return this.guardedStep(checked, device);
    if (device === undefined) {
      const nonFinite = this.findNonFinite(checked);
      if (nonFinite !== null) {
        if (this.skipper?.admitNonFinite?.()) {
          this.skipped++;
          return 'skipped';
        }
        const { index, element, value } = nonFinite;
        throw new DescentError(`${gradientName(index, checked[index].name)}[${element}]`, value, this.nonFiniteReason());
      }
    }
    const outcome = this.apply(checked, this.resultGuard === null ? null : (records, params) => this.keepFiniteResult(records, params));
    if (outcome !== 'skipped') for (const t of this.transforms) t.onFiniteStep?.();
    return outcome;
  }

  /**
   * Waits until the device has told whether every guarded step so far was finite, and
   * settles their outcome (skipped counts, step counters). Nothing to wait for on the
   * typed-array engines.
   */
  async settled(): Promise<void> {
    await this.pending?.settleAll(this.settler);
  }

  /** A step on a device engine with skipNonFinite: every write guarded by the device's finite flag, settled later. */
  private guardedStep(checked: Checked<A>[], device: DeviceChecks<A>): StepOutcome {
    const pending = (this.pending ??= new PendingChecks(device));
    pending.settleKnown(this.settler);
    const before = this.counters(checked.map((c) => c.name));
    let flag = device.allFinite(checked.map((c) => c.grad));
    device.guardWrites(flag);
    const checkResult = (records: readonly TensorRecord<A>[], params: readonly A[]) => {
      flag = this.guardResultOnDevice(device, flag, records, params);
      return true;
    };
    try {
      const outcome = this.apply(checked, this.resultGuard === null ? null : checkResult);
      pending.add(flag, before, this.steps);
      return outcome;
    } catch (error) {
      device.releaseFlag(flag);
      throw error;
    } finally {
      device.guardWrites(null);
    }
  }

  /**
   * The step itself, once the gradients are known (or guarded) to be finite. With
   * `checkResult` (guardResult), the updated values are saved first and checked after the
   * rule's update, before averaging; a false answer means the step was put back: skipped.
   */
  private apply(checked: readonly Checked<A>[], checkResult: ((records: readonly TensorRecord<A>[], params: readonly A[]) => boolean) | null = null): StepOutcome {
    const records = resize(this.stepRecords, checked.length);
    for (let i = 0; i < checked.length; i++) records[i] = checked[i].record ?? this.recordFor(checked[i].name, checked[i].shape);
    const gradients = this.runTransforms(checked, records);
    if (gradients === null) return 'accumulated';
    const k = this.steps;
    const engine = this.engine;
    const estimate = this.rule.definition.global;
    if (estimate !== undefined && this.global === null) this.setGlobals(estimate.initial(this.rule.hyperparameters));
    const globals = this.global === null || records.length === 0 ? undefined : this.stepGlobals(this.global, checked, records, gradients, k);
    const params = checkResult === null ? null : checked.map((c) => c.param);
    if (params !== null) this.resultGuard?.save(records, params);
    const step = this.stepInfo;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      record.t++;
      step.t = record.t;
      step.lr = this.learningRateOf(record, k);
      step.shape = record.shape;
      engine.update(this.rule.definition, checked[i].param, gradients[i], record, step, globals);
    }
    if (checkResult !== null && params !== null && !checkResult(records, params)) return 'skipped';
    if (globals !== undefined) this.keepGlobals(globals);
    if (this.averager !== null) this.updateAverages(this.averager, checked, records);
    this.steps++;
    return 'updated';
  }

  /** Each tensor's average takes in its updated parameters. */
  private updateAverages(averager: Averager, checked: readonly Checked<A>[], records: readonly TensorRecord<A>[]): void {
    const engine = this.engine;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const param = checked[i].param;
      const { keep, take } = averager.coefficients(record.averaged);
      const next = record.average === null || keep === 0 ? engine.copy(param, record.average) : engine.blend(record.average, param, keep, take);
      record.average = engine.hold(next, record.average);
      record.averaged++;
    }
  }

  /** The learning rate of step k for a tensor: the schedule's value times the tensor's multiplier. */
  private learningRateOf(record: TensorRecord<A>, k: number): number {
    return this.schedule.valueAt(k, record.hyperparameters.learningRate as number) * record.learningRateMultiplier;
  }

  /**
   * The step-wide values of a rule with `global` (prodigy) for this step, by name, as the
   * engine keeps them (numbers, or tensors on a device): the state before the step
   * ("before.d"), every tensor's shares summed ("totals.denominator"), from the state
   * before the step, and the state advanced from them ("after.d").
   */
  private stepGlobals(before: Readonly<Record<string, unknown>>, checked: readonly Checked<A>[], records: readonly TensorRecord<A>[], gradients: readonly A[], k: number): Record<string, unknown> {
    const definition = this.rule.definition;
    const wide = this.engine.stepWide as StepWide<A>;
    const globals: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(before)) globals[`before.${name}`] = value;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const program = record.shares as StepWideProgram;
      const step = { t: record.t + 1, lr: this.learningRateOf(record, k), shape: record.shape };
      // From a copy of the scalars: the update advances them.
      const c = coefficientValues(definition, program, record.hyperparameters, step, { ...record.scalars }, new Float64Array(program.coefficients.length));
      const shares = wide.shares(program, checked[i].param, gradients[i], record, c, globals);
      program.names.forEach((name, j) => {
        const key = `totals.${name}`;
        globals[key] = key in globals ? wide.add(globals[key], shares[j]) : shares[j];
      });
    }
    const advance = (this.advance ??= buildAdvanceProgram(definition, this.rule.hyperparameters));
    const lr = this.schedule.valueAt(k, this.rule.hyperparameters.learningRate as number);
    const after = wide.evaluate(advance, Float64Array.from(advance.coefficients, () => lr), globals);
    advance.names.forEach((name, j) => (globals[`after.${name}`] = after[j]));
    return globals;
  }

  /** Keeps a step's advanced step-wide state (guarded on a device, as every write of a step). */
  private keepGlobals(globals: Readonly<Record<string, unknown>>): void {
    const wide = this.engine.stepWide as StepWide<A>;
    const global = this.global as Record<string, unknown>;
    for (const name of Object.keys(global)) global[name] = wide.hold(globals[`after.${name}`], global[name]);
  }

  /** The step-wide state `values` as the engine keeps it, releasing the one held before (if any). */
  private setGlobals(values: Readonly<Record<string, number>> | null): void {
    const wide = this.engine.stepWide;
    if (this.global !== null && wide !== undefined) for (const value of Object.values(this.global)) wide.release(value);
    this.global = values === null || wide === undefined ? null : Object.fromEntries(Object.entries(values).map(([name, value]) => [name, wide.scalar(value)]));
  }

  /**
   * guardResult on a typed-array engine: true when the step left every parameter and slot
   * finite; else puts the step back (values, t, scalars), counts it skipped and returns
   * false — or throws when skipNonFinite gives up.
   */
  private keepFiniteResult(records: readonly TensorRecord<A>[], params: readonly A[]): boolean {
    const guard = this.resultGuard as ResultGuard<A>;
    const written = guard.written(records, params);
    const index = this.engine.findNonFinite(written);
    if (index < 0) return true;
    guard.restore(records, params, true);
    if (this.skipper?.admitNonFinite?.() === false) {
      const name = records[guard.recordOf(records, index)].name;
      throw new DescentError(`the result of the step for "${name}"`, 'NaN or ±Inf', this.nonFiniteReason());
    }
    this.skipped++;
    return false;
  }

  /**
   * guardResult on a device engine, nothing read back: the step's flag becomes "gradients
   * and result finite", the saved values are put back wherever it is false, and later writes
   * (averaging) are guarded by it. Returns the new flag (the old one is released).
   */
  private guardResultOnDevice(device: DeviceChecks<A>, flag: A, records: readonly TensorRecord<A>[], params: readonly A[]): A {
    const guard = this.resultGuard as ResultGuard<A>;
    const finite = device.allFinite(guard.written(records, params), flag);
    const notFinite = device.negate(finite);
    device.guardWrites(notFinite);
    guard.restore(records, params, false);
    device.releaseFlag(notFinite);
    device.releaseFlag(flag);
    device.guardWrites(finite);
    return finite;
  }

  /** The host-side counters a step over these tensors advances. */
  private counters(names: readonly string[]): Counters {
    return {
      steps: this.steps,
      tensors: names.flatMap((name) => {
        const record = this.records.get(name);
        return record === undefined ? [] : [{ name, t: record.t, averaged: record.averaged, scalars: { ...record.scalars } }];
      }),
      transforms: this.transforms.map((t) => t.counters?.()),
    };
  }

  /** How settling a guarded step changes the optimizer. */
  private readonly settler: Settler = {
    finite: () => {
      for (const t of this.transforms) t.onFiniteStep?.();
    },
    nonFinite: (before, exact) => {
      this.skipped++;
      if (exact) {
        this.steps = before.steps;
        for (const saved of before.tensors) {
          const record = this.records.get(saved.name);
          if (record === undefined) continue;
          record.t = saved.t;
          record.averaged = saved.averaged;
          Object.assign(record.scalars, saved.scalars);
        }
        this.transforms.forEach((t, i) => t.restoreCounters?.(before.transforms[i]));
      } else {
        // Later steps ran before the device answered: take the skipped step out of the counts.
        this.steps = Math.max(0, this.steps - 1);
        for (const saved of before.tensors) {
          const record = this.records.get(saved.name);
          if (record !== undefined && record.t > 0) record.t--;
        }
      }
      if (this.skipper?.admitNonFinite?.() === false) throw new DescentError('grads', 'non-finite values', this.nonFiniteReason());
    },
    stepsNow: () => this.steps,
  };

  private nonFiniteReason(): string {
    return this.skipper
      ? 'finite values (skipNonFinite gave up: maxConsecutive non-finite steps in a row reached)'
      : 'finite values (add the skipNonFinite transform to skip such steps)';
  }

  /** The whole optimizer state as plain JSON; `importState` on a like-configured optimizer resumes exactly. */
  exportState(): OptimizerState {
    this.pending?.settleKnown(this.settler);
    return {
      format: STATE_FORMAT,
      precision: this.engine.precision,
      rule: Object.fromEntries(Object.entries(this.config.rule).filter((entry): entry is [string, Json] => isJson(entry[1]))),
      stepsTaken: this.steps,
      skippedSteps: this.skipped,
      schedule: this.schedule.exportState(),
      transforms: this.transforms.map((t) => t.exportState(this.engine)),
      tensors: Object.fromEntries([...this.records].map(([name, record]) => [name, exportTensorRecord(record, this.engine)])),
      ...this.exportGlobals(),
    };
  }

  /** `{ global }`: the step-wide state as numbers (read back from a device; the initial state before the first step), for a rule that keeps one. */
  private exportGlobals(): { global?: Record<string, number> } {
    const estimate = this.rule.definition.global;
    if (estimate === undefined) return {};
    const wide = this.engine.stepWide as StepWide<A>;
    const global = this.global;
    if (global === null) return { global: estimate.initial(this.rule.hyperparameters) };
    return { global: Object.fromEntries(Object.entries(global).map(([name, value]) => [name, wide.read(value)])) };
  }

  /**
   * The state as `exportState` gives it, once every guarded device step is settled and
   * the device's arrays are read without blocking: the way to export on webgpu, which
   * cannot read synchronously.
   */
  async exportStateAsync(): Promise<OptimizerState> {
    await this.settled();
    await this.engine.device?.prefetch();
    return this.exportState();
  }

  /** Restores an exported state. Everything is checked first; a rejected state changes nothing. */
  importState(state: OptimizerState): void {
    if (!isPlainObject(state) || state.format !== STATE_FORMAT) {
      throw new DescentError('state.format', isPlainObject(state) ? state.format : state, `"${STATE_FORMAT}" (an object from exportState)`);
    }
    if (state.precision !== this.engine.precision) {
      throw new DescentError('state.precision', state.precision, `"${this.engine.precision}", the precision of this optimizer`);
    }
    if (!isPlainObject(state.rule) || state.rule.type !== this.ruleType) {
      throw new DescentError('state.rule.type', isPlainObject(state.rule) ? state.rule.type : state.rule, `"${this.ruleType}", the rule of this optimizer`);
    }
    for (const key of ['stepsTaken', 'skippedSteps'] as const) {
      if (!isCount(state[key])) throw new DescentError(`state.${key}`, state[key], 'an integer in [0, 2^53)');
    }
    if (!Array.isArray(state.transforms) || state.transforms.length !== this.transforms.length) {
      throw new DescentError('state.transforms', state.transforms, `an array of ${this.transforms.length} transform states`);
    }
    const { type: _type, ...hyperparameters } = state.rule;
    const rule: ResolvedRule = { definition: this.rule.definition, hyperparameters: checkOverrides('state.rule', this.rule, hyperparameters) };
    const estimate = rule.definition.global;
    if (estimate !== undefined) {
      if (!isPlainObject(state.global)) throw new DescentError('state.global', state.global, `an object: the step-wide state ${this.ruleType} keeps`);
      const kept = Object.keys(estimate.initial(rule.hyperparameters));
      for (const [name, value] of Object.entries(state.global)) {
        if (!kept.includes(name)) throw new DescentError(`state.global.${name}`, value, `no such value (${this.ruleType} keeps ${kept.join(', ')})`);
      }
      estimate.check(rule.hyperparameters, state.global, 'state.global');
    }
    const groups = resolveGroups(this.config.groups, rule);
    const records = importTensorRecords(state.tensors, this.engine, this.rule.definition, (name) => optionsFor(name, rule, groups));
    const engine = this.engine;
    const lengths = new Map([...records].map(([name, record]) => [name, record.length]));
    const current = new Map([...this.records].map(([name, record]) => [name, record.length]));
    const parts = [
      { exportState: () => this.schedule.exportState(), importState: (s: Json) => this.schedule.importState(s) },
      ...this.transforms.map((t) => ({ exportState: () => t.exportState(engine), importState: (s: Json, l = lengths) => t.importState(s, engine, l) })),
    ];
    const saved = [state.schedule, ...state.transforms];
    const before = parts.map((part) => part.exportState());
    try {
      parts.forEach((part, i) => part.importState(saved[i]));
    } catch (error) {
      parts.forEach((part, i) => part.importState(before[i], current));
      for (const record of records.values()) releaseRecord(record, engine);
      throw error;
    }
    this.adopt(rule, groups);
    this.pending?.clear();
    this.resultGuard?.forget();
    this.steps = state.stepsTaken;
    this.skipped = state.skippedSteps;
    if (estimate !== undefined) this.setGlobals(state.global as Record<string, number>);
    for (const record of this.records.values()) releaseRecord(record, engine);
    this.records.clear();
    this.checked.length = 0;
    for (const [name, record] of records) this.records.set(name, record);
  }

  /** Forgets the state of tensors (e.g. of a removed layer); all tensors when no names are given. */
  forget(names?: readonly string[]): void {
    for (const name of names ?? [...this.records.keys()]) {
      const record = this.records.get(name);
      if (record !== undefined) releaseRecord(record, this.engine);
      this.records.delete(name);
    }
    for (const transform of this.transforms) transform.forget?.(this.engine, names);
    this.resultGuard?.forget(names);
    this.checked.length = 0;
    // Forgetting everything (as dispose does) also drops the device flags of unsettled steps
    // and starts a step-wide estimate afresh.
    if (names === undefined) this.pending?.clear();
    if (names === undefined) this.setGlobals(null);
  }

  /**
   * Every parameter and gradient checked, into entries reused from step to step (a step
   * over the same tensors allocates nothing here); each entry carries the tensor's record
   * when it has one.
   */
  private check(params: readonly Param<A>[], grads: readonly Grad<A>[]): Checked<A>[] {
    if (!Array.isArray(params)) throw new DescentError('params', params, 'an array of { name?, values, shape? } tensors');
    if (!Array.isArray(grads)) throw new DescentError('grads', grads, `an array of ${params.length} gradients, one per parameter`);
    if (grads.length !== params.length) throw new DescentError('grads.length', grads.length, `${params.length}, one gradient per parameter`);
    const checked = this.checked;
    if (this.checkedNames && this.sameArrays(params, grads)) return checked;
    // The same names in the same order as the last step that passed: distinct, with the same records.
    let same = this.checkedNames && checked.length === params.length;
    for (let i = 0; same && i < params.length; i++) {
      const p = params[i];
      same = typeof p === 'object' && p !== null && (p.name ?? String(i)) === checked[i].name;
    }
    this.checkedNames = false;
    const seen = same ? null : this.seen;
    seen?.clear();
    resize(checked, params.length);
    for (let i = 0; i < params.length; i++) checked[i] = this.checkOne(params[i], grads[i], i, seen, checked[i]);
    this.checkedNames = true;
    return checked;
  }

  /**
   * True when every parameter and gradient is the very array (with the very shape array,
   * holding the same dimensions) of the last step that passed its checks, under the same
   * name: nothing checked then can have changed but a record made since, which is looked up
   * for an entry that had none (forget and importState drop the entries with the records).
   * A small net steps its few tensors hundreds of thousands of times; this is that step's
   * check.
   */
  private sameArrays(params: readonly Param<A>[], grads: readonly Grad<A>[]): boolean {
    const checked = this.checked;
    if (checked.length !== params.length) return false;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const entry = checked[i];
      if (typeof p !== 'object' || p === null || p.values !== entry.param || grads[i] !== entry.grad || p.shape !== entry.given || (p.name ?? String(i)) !== entry.name) return false;
      if (entry.given !== undefined && !sameShape(entry.given, entry.givenDims as readonly number[])) return false;
    }
    for (let i = 0; i < checked.length; i++) {
      const entry = checked[i];
      // A record the entry holds had this length when checked, and is dropped only with the entries (forget, importState).
      if (entry.record !== undefined) continue;
      const record = this.records.get(entry.name);
      if (record !== undefined && record.length !== this.engine.size(entry.param)) return false;
      entry.record = record;
    }
    return true;
  }

  /**
   * One parameter and its gradient checked, into `into` when given. `seen` holds the names
   * of the step's earlier parameters; null when the names are those `into` has.
   */
  private checkOne(p: Param<A>, g: Grad<A>, i: number, seen: Set<string> | null, into: Checked<A> | undefined): Checked<A> {
    const engine = this.engine;
    const type = engine.arrays;
    if (typeof p !== 'object' || p === null) throw new DescentError(`params[${i}]`, p, 'a { name?, values, shape? } tensor');
    const name = p.name ?? String(i);
    if (typeof name !== 'string') throw new DescentError(`params[${i}].name`, name, 'a string');
    if (seen?.has(name)) throw new DescentError(`params[${i}].name`, name, 'a name no other parameter of this step has');
    seen?.add(name);
    if (!engine.accepts(p.values)) throw new DescentError(`${paramName(i, name)}.values`, p.values, type);
    const gradObject = engine.accepts(g) ? null : (g as { values?: unknown; shape?: unknown } | null);
    const values = gradObject === null ? g : gradObject?.values;
    if (!engine.accepts(values)) throw new DescentError(gradientName(i, name), g, `${type}, or { values: ${type}, shape }`);
    const size = engine.size(p.values);
    const gradSize = engine.size(values);
    const paramShape = p.shape;
    const gradShape = gradObject?.shape;
    if (paramShape !== undefined && !isShape(paramShape)) throw new DescentError(`${paramName(i, name)}.shape`, paramShape, SHAPE);
    if (gradShape !== undefined && !isShape(gradShape)) throw new DescentError(`${gradientName(i, name)}.shape`, gradShape, SHAPE);
    if (paramShape !== undefined && shapeSize(paramShape) !== size) {
      throw new DescentError(`${paramName(i, name)}.shape`, paramShape, `a shape of ${size} elements, the length of its values`);
    }
    if (paramShape !== undefined && gradShape !== undefined && !sameShape(paramShape, gradShape)) {
      throw new DescentError(`${gradientName(i, name)}.shape`, gradShape, `[${paramShape.join(', ')}], the parameter's shape`);
    }
    if (gradSize !== size) throw new DescentError(`${gradientName(i, name)}.length`, gradSize, `${size}, the parameter's length`);
    const record = (seen === null ? into?.record : undefined) ?? this.records.get(name);
    if (record !== undefined && record.length !== size) {
      throw new DescentError(`${paramName(i, name)}.values.length`, size, `${record.length}, the length this tensor had in earlier steps`);
    }
    const shape = paramShape ?? gradShape ?? [size];
    const givenDims = paramShape === undefined ? undefined : [...paramShape];
    if (into === undefined) return { name, param: p.values, grad: values, shape, record, given: paramShape, givenDims };
    into.given = paramShape;
    into.givenDims = givenDims;
    into.name = name;
    into.param = p.values;
    into.grad = values;
    into.shape = shape;
    into.record = record;
    return into;
  }

  /** Makes checked hyperparameters and groups the optimizer's own (and its config's rule). */
  private adopt(rule: ResolvedRule, groups: ResolvedGroup[]): void {
    this.rule = rule;
    this.advance = null;
    this.groups = groups;
    (this.config as { rule: FirstOrderRuleConfig }).rule = { type: rule.definition.type, ...rule.hyperparameters } as FirstOrderRuleConfig;
  }

  private recordFor(name: string, shape: readonly number[]): TensorRecord<A> {
    let record = this.records.get(name);
    if (record === undefined) {
      record = createTensorRecord(name, shape, this.engine, this.rule.definition, optionsFor(name, this.rule, this.groups));
      this.records.set(name, record);
    }
    return record;
  }

  private applyOptions(record: TensorRecord<A>, options: TensorOptions): void {
    record.hyperparameters = options.hyperparameters;
    record.learningRateMultiplier = options.learningRateMultiplier;
    record.regularize = options.regularize;
    refreshSlots(record, this.engine, this.rule.definition);
  }

  /** The first non-finite gradient element, or null; the engine's fast test finds whether there is one at all. */
  private findNonFinite(checked: readonly Checked<A>[]): { index: number; element: number; value: number } | null {
    const gradients = resize(this.gradients, checked.length);
    for (let i = 0; i < checked.length; i++) gradients[i] = checked[i].grad;
    const index = this.engine.findNonFinite(gradients);
    if (index < 0) return null;
    const values = this.engine.read(checked[index].grad);
    const element = values.findIndex((v) => !Number.isFinite(v));
    return { index, element, value: values[element] };
  }

  /**
   * The gradients the rule uses: the caller's, or copies (the scratch of each record)
   * through the transforms; null when a transform holds the update back (accumulate).
   */
  private runTransforms(checked: readonly Checked<A>[], records: readonly TensorRecord<A>[]): A[] | null {
    if (this.changesGradients) return this.transformed(checked, records);
    const gradients = resize(this.gradients, checked.length);
    for (let i = 0; i < checked.length; i++) gradients[i] = checked[i].grad;
    return gradients;
  }

  /** Copies of the gradients (the scratch of each record) through the transforms; null when a transform holds the update back. */
  private transformed(checked: readonly Checked<A>[], records: readonly TensorRecord<A>[]): A[] | null {
    const gradients = resize(this.gradients, 0);
    const engine = this.engine;
    const views = this.views;
    views.length = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      record.scratch = engine.copy(checked[i].grad, record.scratch);
      views.push({ name: record.name, param: checked[i].param, grad: record.scratch, regularize: record.regularize });
    }
    for (const transform of this.transforms) if (!transform.apply(views, engine)) return null;
    for (const view of views) gradients.push(view.grad);
    return gradients;
  }
}

/** `list` with `length` entries (for the caller to fill), its length changed only when it differs. */
function resize<T>(list: T[], length: number): T[] {
  if (list.length !== length) list.length = length;
  return list;
}

function paramName(index: number, name: string): string {
  return `params[${index}] ("${name}")`;
}

function gradientName(index: number, name: string): string {
  return `grads[${index}] ("${name}")`;
}

const SHAPE = 'an array of integers ≥ 0';

function isShape(shape: unknown): shape is readonly number[] {
  if (!Array.isArray(shape)) return false;
  for (let i = 0; i < shape.length; i++) if (!Number.isInteger(shape[i]) || shape[i] < 0) return false;
  return true;
}

function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return size;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}


