import * as tf from '@tensorflow/tfjs';
import {
  checkOverrides,
  createAverager,
  createOptimizer,
  createSchedule,
  decodeArray,
  DescentError,
  encodeArray,
  optionsFor,
  resolveGroups,
  resolveRule,
  STATE_FORMAT,
  type Averager,
  type FirstOrderRuleType,
  type Json,
  type OptimizerConfig,
  type OptimizerState,
  type ResolvedGroup,
  type ResolvedRule,
  type RuleOverrides,
  type Schedule,
  type StepOutcome,
  type TensorOptions,
  type TensorState,
} from '@descent/spec';
import { opsUpdate } from './ops-rules';
import { createOpsTransform, type OpsTransform, type TensorView } from './ops-transforms';
import type { StepEngine, VariableGradient } from './step-engine';

/** The state of one variable on the tf-ops path: the spec's tensor record with tensors for arrays. */
interface OpsRecord {
  readonly name: string;
  readonly length: number;
  readonly shape: number[];
  t: number;
  options: TensorOptions;
  readonly slots: Map<string, tf.Tensor>;
  readonly scalars: Record<string, number>;
  average: tf.Tensor | null;
  averaged: number;
}

/** A tensor of `record`'s shape, kept out of every tidy scope. */
function keepShaped(values: tf.Tensor, record: OpsRecord): tf.Tensor {
  return tf.keep(values.shape.length === record.shape.length && values.shape.every((d, i) => d === record.shape[i]) ? values : values.reshape(record.shape));
}

/**
 * The tf-ops path, for backends whose memory JS cannot see (webgl, tfjs-node): the
 * spec's rule, groups, schedule and coefficients decide every scalar, tf ops do the
 * element-wise work, state lives in kept tensors. Steps follow the spec optimizer's order:
 * finiteness, transforms, scheduled rate, rule, averaging.
 */
export class OpsEngine implements StepEngine {
  readonly kind = 'ops';
  private readonly config: OptimizerConfig;
  private rule: ResolvedRule;
  private groups: ResolvedGroup[];
  private readonly schedule: Schedule;
  private readonly transforms: OpsTransform[];
  private readonly averager: Averager | null;
  private readonly records = new Map<string, OpsRecord>();
  private steps = 0;
  private skipped = 0;

  constructor(config: OptimizerConfig) {
    createOptimizer(config);
    this.config = config;
    this.rule = resolveRule(config.rule);
    this.groups = resolveGroups(config.groups, this.rule);
    this.schedule = createSchedule(config.schedule ?? { type: 'constant' });
    this.transforms = (config.transforms ?? []).map((t, i) => createOpsTransform(t, `transforms[${i}]`));
    this.averager = config.average === undefined ? null : createAverager(config.average);
  }

  get hyperparameters(): Record<string, unknown> {
    return { ...this.rule.hyperparameters };
  }

  get learningRate(): number {
    return this.schedule.valueAt(this.steps, this.rule.hyperparameters.learningRate as number);
  }

  get stepsTaken(): number {
    return this.steps;
  }

  get skippedSteps(): number {
    return this.skipped;
  }

  get tensorNames(): string[] {
    return [...this.records.keys()];
  }

  step(updates: readonly VariableGradient[]): StepOutcome {
    updates.forEach(({ name, variable }, i) => {
      const known = this.records.get(name);
      if (known !== undefined && known.length !== variable.size) {
        throw new DescentError(`params[${i}] ("${name}").values.length`, variable.size, `${known.length}, the length this tensor had in earlier steps`);
      }
    });
    if (this.rejectsNonFinite(updates)) {
      this.skipped++;
      return 'skipped';
    }
    for (const transform of this.transforms) transform.onFiniteStep();
    const records = updates.map((u) => this.recordFor(u.name, u.variable.shape));
    let outcome: StepOutcome = 'updated';
    tf.tidy(() => {
      // A gradient that is itself a variable would change when that variable is assigned: hold its value now.
      const gradients = updates.map((u) => (u.gradient instanceof tf.Variable ? tf.clone(u.gradient) : u.gradient));
      const views: TensorView[] = updates.map((u, i) => ({ name: u.name, param: u.variable, grad: gradients[i], regularize: records[i].options.regularize }));
      for (const transform of this.transforms) {
        if (!transform.apply(views)) {
          outcome = 'accumulated';
          return;
        }
      }
      views.forEach((view, i) => this.update(updates[i].variable, view.grad, records[i]));
    });
    if (outcome === 'updated') this.steps++;
    return outcome;
  }

  setHyperparameters(update: RuleOverrides): void {
    const hyperparameters = checkOverrides(this.rule.definition.type, this.rule, update as Record<string, unknown>);
    const rule: ResolvedRule = { definition: this.rule.definition, hyperparameters };
    const groups = resolveGroups(this.config.groups, rule);
    this.rule = rule;
    this.groups = groups;
    for (const record of this.records.values()) {
      record.options = optionsFor(record.name, rule, groups);
      this.refreshSlots(record);
    }
  }

  reportMetric(metric: number): void {
    this.schedule.reportMetric(metric);
  }

  averageOf(name: string, shape: readonly number[]): tf.Tensor | null {
    const average = this.records.get(name)?.average ?? null;
    return average === null ? null : tf.reshape(average, [...shape]);
  }

  exportState(): OptimizerState {
    const tensors: Record<string, TensorState> = {};
    for (const [name, record] of this.records) {
      tensors[name] = {
        length: record.length,
        shape: [...record.shape],
        t: record.t,
        slots: Object.fromEntries([...record.slots].map(([slot, values]) => [slot, encodeArray(values.dataSync() as Float32Array)])),
        scalars: { ...record.scalars },
        average: record.average === null ? null : encodeArray(record.average.dataSync() as Float32Array),
        averaged: record.averaged,
      };
    }
    return {
      format: STATE_FORMAT,
      precision: 'float32',
      rule: { type: this.rule.definition.type, ...this.rule.hyperparameters } as Record<string, Json>,
      stepsTaken: this.steps,
      skippedSteps: this.skipped,
      schedule: this.schedule.exportState(),
      transforms: this.transforms.map((t) => t.exportState()),
      tensors,
    };
  }

  /** Validated whole by the spec (a throwaway spec optimizer imports it first), then rebuilt as tensors. */
  importState(state: OptimizerState): void {
    const probe = createOptimizer(this.config);
    probe.importState(state);
    const rule: ResolvedRule = { definition: this.rule.definition, hyperparameters: probe.hyperparameters };
    const groups = resolveGroups(this.config.groups, rule);
    this.schedule.importState(state.schedule);
    this.transforms.forEach((t, i) => t.importState(state.transforms[i]));
    this.dropRecords();
    this.rule = rule;
    this.groups = groups;
    this.steps = state.stepsTaken;
    this.skipped = state.skippedSteps;
    for (const [name, saved] of Object.entries(state.tensors)) {
      const record = this.createRecord(name, saved.shape ?? [saved.length]);
      record.t = saved.t;
      record.averaged = saved.averaged;
      Object.assign(record.scalars, saved.scalars);
      for (const [slot, encoded] of Object.entries(saved.slots)) {
        record.slots.get(slot)?.dispose();
        record.slots.set(slot, tf.keep(tf.tensor(decodeArray(encoded) as Float32Array, record.shape, 'float32')));
      }
      record.average = saved.average === null ? null : tf.keep(tf.tensor(decodeArray(saved.average) as Float32Array, record.shape, 'float32'));
      this.records.set(name, record);
    }
  }

  forget(names?: readonly string[]): void {
    this.dropRecords(names);
    for (const transform of this.transforms) transform.forget?.(names);
  }

  private dropRecords(names?: readonly string[]): void {
    for (const name of names ?? [...this.records.keys()]) {
      const record = this.records.get(name);
      if (record === undefined) continue;
      for (const slot of record.slots.values()) slot.dispose();
      record.average?.dispose();
      this.records.delete(name);
    }
  }

  dispose(): void {
    this.forget();
    for (const transform of this.transforms) transform.dispose();
  }

  /** The rule update of one variable, then its averaging; inside the step's tidy. */
  private update(variable: tf.Variable, grad: tf.Tensor, record: OpsRecord): void {
    const definition = this.rule.definition;
    const h = record.options.hyperparameters;
    record.t++;
    const lr = this.schedule.valueAt(this.steps, h.learningRate as number) * record.options.learningRateMultiplier;
    const coefficients = definition.coefficients(h, { t: record.t, lr }, record.scalars);
    const names = definition.slots(h);
    const slots = names.map((slot) => (record.slots.get(slot) as tf.Tensor).reshape(variable.shape));
    const result = opsUpdate(definition.type as FirstOrderRuleType)(variable, grad.reshape(variable.shape), slots, coefficients);
    variable.assign(result.param);
    names.forEach((slot, j) => {
      record.slots.get(slot)?.dispose();
      record.slots.set(slot, keepShaped(result.slots[j], record));
    });
    if (this.averager !== null) {
      const { keep, take } = this.averager.coefficients(record.averaged);
      const next = keep === 0 || record.average === null ? result.param.mul(take) : record.average.reshape(variable.shape).mul(keep).add(result.param.mul(take));
      record.average?.dispose();
      record.average = keepShaped(next, record);
      record.averaged++;
    }
  }

  /**
   * Finds a non-finite gradient (one small read-back per step). Returns true when the
   * step is to be skipped; throws naming the tensor and element when it is not.
   */
  private rejectsNonFinite(updates: readonly VariableGradient[]): boolean {
    if (updates.length === 0) return false;
    const probes = tf.tidy(() => tf.stack(updates.map((u) => u.gradient.mul(0).sum())).dataSync());
    const index = probes.findIndex((probe) => !Number.isFinite(probe));
    if (index < 0) return false;
    const skipper = this.transforms.find((t) => t.admitNonFinite !== undefined);
    if (skipper?.admitNonFinite?.()) return true;
    const values = updates[index].gradient.dataSync();
    const element = values.findIndex((v) => !Number.isFinite(v));
    const reason = skipper
      ? 'finite values (skipNonFinite gave up: maxConsecutive non-finite steps in a row reached)'
      : 'finite values (add the skipNonFinite transform to skip such steps)';
    throw new DescentError(`grads[${index}] ("${updates[index].name}")[${element}]`, values[element], reason);
  }

  private recordFor(name: string, shape: readonly number[]): OpsRecord {
    let record = this.records.get(name);
    if (record === undefined) {
      record = this.createRecord(name, [...shape]);
      this.records.set(name, record);
    }
    return record;
  }

  private createRecord(name: string, shape: number[]): OpsRecord {
    const options = optionsFor(name, this.rule, this.groups);
    const record: OpsRecord = {
      name,
      length: shape.reduce((a, b) => a * b, 1),
      shape,
      t: 0,
      options,
      slots: new Map(),
      scalars: this.rule.definition.initialScalars(options.hyperparameters),
      average: null,
      averaged: 0,
    };
    this.refreshSlots(record);
    return record;
  }

  /** Allocates the slots the record's hyperparameters need and it lacks (e.g. momentum switched on). */
  private refreshSlots(record: OpsRecord): void {
    const definition = this.rule.definition;
    const h = record.options.hyperparameters;
    for (const slot of definition.slots(h)) {
      if (!record.slots.has(slot)) record.slots.set(slot, tf.keep(tf.fill(record.shape, definition.initialSlotValue?.(h, slot) ?? 0, 'float32')));
    }
  }
}
