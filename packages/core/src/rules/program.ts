import { DescentError } from '../errors';
import { Value, type BinaryOp, type ComparisonOp, type ExpressionNode, type NewtonSchulz, type SumAxis, type UnaryOp } from './expression';
import { coefficientReader } from './coefficient-reader';
import { fitsExtent, joinExtents, sumExtent, type Extent } from './extent';
import type { AnyRuleDefinition, StepGlobals, StepInfo, UpdateInputs, UpdateOutputs } from './rule';

/**
 * One instruction of a printed update. Operands are indices of earlier instructions, so
 * the list is in evaluation order and every shared subexpression appears once. `reduced`
 * reads a sum computed before the update; `sum` (in a reduction only) adds up a term.
 */
export type Instruction =
  | { readonly op: 'param' }
  | { readonly op: 'grad' }
  | { readonly op: 'slot'; readonly index: number }
  | { readonly op: 'coefficient'; readonly index: number }
  | { readonly op: 'constant'; readonly value: number }
  | { readonly op: 'reduced'; readonly index: number }
  | { readonly op: 'global'; readonly index: number }
  | { readonly op: 'sum'; readonly a: number; readonly axis: SumAxis }
  | { readonly op: 'orthogonalize'; readonly a: number; readonly newtonSchulz: NewtonSchulz }
  | { readonly op: UnaryOp; readonly a: number }
  | { readonly op: BinaryOp; readonly a: number; readonly b: number }
  | { readonly op: 'select'; readonly test: ComparisonOp; readonly left: number; readonly right: number; readonly ifTrue: number; readonly ifFalse: number };

/**
 * What an update needs before it runs: the sums it reads (`sum`, `rowSum`, `columnSum` in a
 * rule), the matrices it orthogonalizes (`orthogonalize`) and the new values of its per-row
 * and per-column slots. `instructions` read the
 * update's inputs (the state before the step) and are evaluated in order, each value with
 * its extent (`extents`), smaller ones broadcast to larger; a `sum` instruction's value is
 * the sum itself, which later instructions may read. `sums[j]` is the instruction the
 * update reads as `{ op: "reduced", index: j }`.
 */
export interface ReductionProgram {
  readonly instructions: readonly Instruction[];
  readonly extents: readonly Extent[];
  readonly sums: readonly number[];
  /** Per slot: the instruction holding the new value of a per-row or per-column slot, else null. */
  readonly slotOutputs: readonly (number | null)[];
}

/**
 * A rule's update for one set of hyperparameters and tensor rank, in the form every backend
 * prints: inputs are the parameter, the gradient, the slots (in `slots` order), the
 * coefficients (in `coefficients` order, per-step numbers such as the learning rate) and
 * the sums of `reduction`; outputs are the new parameter and the new value of each
 * per-element slot.
 */
export interface RuleProgram {
  /** The rule's `type`. */
  readonly rule: string;
  /** The slot names, in the order kernels take them. */
  readonly slots: readonly string[];
  /** Per slot: one value per element, or per row or column of each matrix (factored state). */
  readonly slotExtents: readonly ('element' | 'row' | 'column')[];
  /** The coefficient names, in the order kernels take them. */
  readonly coefficients: readonly string[];
  /** The step-wide values the reduction reads (`{ op: "global", index }`), by name ("before.d"), in index order. */
  readonly globals: readonly string[];
  /** The instructions, in evaluation order. */
  readonly instructions: readonly Instruction[];
  /** The extent of each instruction's value. */
  readonly extents: readonly Extent[];
  /** The instruction holding the new parameter. */
  readonly param: number;
  /** Per slot, the instruction holding its new value, or null when the update leaves it (or the reduction writes it). */
  readonly slotOutputs: readonly (number | null)[];
  /** What is computed before the update: its sums and factored slots; null for a purely element-wise rule. */
  readonly reduction: ReductionProgram | null;
  /**
   * True when the tensor has factored slots or the update reads per-row, per-column or
   * per-matrix values (which a kernel must index by the element's row and column) or an
   * array computed before it (an orthogonalized matrix); false
   * when every array is per element and every other input one number (the host kernels
   * then take the sums as numbers after the coefficients).
   */
  readonly broadcasts: boolean;
  /** The program as text: equal keys mean equal programs (compiled kernels are cached by it). */
  readonly key: string;
}

/** The coefficient of coupled decay (g + weightDecay·p) and of decoupled decay (p·decayFactor). */
const DECAY_COEFFICIENTS = { coupled: 'weightDecay', decoupled: 'decayFactor' } as const;

/** The Values a rule's update reads; coefficients are recorded in the order the update first uses them. */
function symbolicInputs(slotNames: readonly string[], used: string[]) {
  const slots = Object.fromEntries(slotNames.map((name) => [name, new Value({ kind: 'slot', name })]));
  const coefficient = (name: string): Value => {
    if (!used.includes(name)) used.push(name);
    return new Value({ kind: 'coefficient', name });
  };
  const c = new Proxy({} as Record<string, Value>, { get: (_, name) => (typeof name === 'string' ? coefficient(name) : undefined) });
  return { param: new Value({ kind: 'param' }), grad: new Value({ kind: 'grad' }), slots, c, coefficient, global: stepGlobals() };
}

/** The step-wide Values by name: `before.d` is the global named "before.d". */
function stepGlobals(): StepGlobals {
  const part = (prefix: string) => new Proxy({} as Record<string, Value>, { get: (_, name) => (typeof name === 'string' ? new Value({ kind: 'global', name: `${prefix}.${name}` }) : undefined) });
  return { before: part('before'), after: part('after'), totals: part('totals') };
}

/** Flattens expression trees into instructions, each distinct subexpression once, with each value's extent. */
class Linearizer {
  readonly instructions: Instruction[] = [];
  readonly extents: Extent[] = [];
  /** The `sum` and `orthogonalize` instructions of the reduction's list that the update reads, in its order. */
  readonly summed: number[] = [];
  private readonly index = new Map<string, number>();
  private readonly seen = new Map<ExpressionNode, number>();

  /**
   * `reduction` linearizes what sums add up (its own instructions, read the same way); it is
   * null for the reduction's list itself, where a sum is an instruction.
   */
  constructor(
    private readonly slots: readonly string[],
    private readonly slotExtents: readonly Extent[],
    private readonly coefficients: readonly string[],
    private readonly reduction: Linearizer | null,
    private readonly where: string,
    private readonly rank: number,
    /** The step-wide values read so far, by name (shared with the reduction's Linearizer). */
    readonly globals: string[] = [],
  ) {}

  add(node: ExpressionNode): number {
    const known = this.seen.get(node);
    if (known !== undefined) return known;
    const instruction = this.instructionOf(node);
    const text = JSON.stringify(instruction);
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.instructions.length;
      this.instructions.push(instruction);
      this.extents.push(this.extentOf(instruction));
      this.index.set(text, at);
    }
    this.seen.set(node, at);
    return at;
  }

  private extentOf(x: Instruction): Extent {
    const e = this.extents;
    switch (x.op) {
      case 'param':
      case 'grad':
        return 'element';
      case 'slot':
        return this.slotExtents[x.index];
      case 'coefficient':
      case 'constant':
        return 'uniform';
      case 'global':
        return 'tensor';
      case 'reduced': {
        const reduction = this.reduction as Linearizer;
        return reduction.extents[reduction.summed[x.index]];
      }
      case 'sum': {
        const extent = sumExtent(e[x.a], x.axis);
        if (extent === null || (x.axis !== 'all' && this.rank < 2)) {
          const name = x.axis === 'last' ? 'rowSum' : 'columnSum';
          throw new DescentError(this.where, `${name} of a per-${e[x.a]} value${this.rank < 2 ? ` (rank ${this.rank})` : ''}`, `${name} of a per-element value of a tensor of rank ≥ 2 (or of a per-${x.axis === 'last' ? 'column' : 'row'} value)`);
        }
        return extent;
      }
      case 'orthogonalize':
        if (this.rank !== 2 || e[x.a] !== 'element') {
          throw new DescentError(this.where, `orthogonalize of a per-${e[x.a]} value (rank ${this.rank})`, 'orthogonalize of a per-element value of a tensor of rank 2');
        }
        return 'element';
      case 'neg':
      case 'abs':
      case 'sqrt':
      case 'sign':
        return e[x.a];
      case 'select':
        return [x.right, x.ifTrue, x.ifFalse].reduce((extent, k) => joinExtents(extent, e[k]), e[x.left]);
      default:
        return joinExtents(e[x.a], e[x.b]);
    }
  }

  private instructionOf(node: ExpressionNode): Instruction {
    switch (node.kind) {
      case 'param':
      case 'grad':
        return { op: node.kind };
      case 'slot': {
        const index = this.slots.indexOf(node.name);
        if (index < 0) throw new DescentError('rule slot', node.name, `one of the slots in force (${this.slots.join(', ') || 'none'})`);
        return { op: 'slot', index };
      }
      case 'coefficient':
        return { op: 'coefficient', index: this.coefficients.indexOf(node.name) };
      case 'constant':
        return { op: 'constant', value: node.value };
      case 'sum':
      case 'orthogonalize':
      case 'global': {
        if (this.reduction === null) {
          if (node.kind === 'global') {
            const known = this.globals.indexOf(node.name);
            return { op: 'global', index: known < 0 ? this.globals.push(node.name) - 1 : known };
          }
          return node.kind === 'sum' ? { op: 'sum', a: this.add(node.of), axis: node.axis } : { op: 'orthogonalize', a: this.add(node.of), newtonSchulz: node.newtonSchulz };
        }
        const at = this.reduction.add(node);
        let index = this.reduction.summed.indexOf(at);
        if (index < 0) index = this.reduction.summed.push(at) - 1;
        return { op: 'reduced', index };
      }
      case 'unary':
        return { op: node.op, a: this.add(node.a) };
      case 'binary':
        return { op: node.op, a: this.add(node.a), b: this.add(node.b) };
      case 'select':
        return { op: 'select', test: node.test, left: this.add(node.left), right: this.add(node.right), ifTrue: this.add(node.ifTrue), ifFalse: this.add(node.ifFalse) };
    }
  }
}

/**
 * The rule's update with its weight decay composed around it (coupled: the gradient gains
 * weightDecay·p; decoupled: the parameter is scaled by decayFactor = 1 − lr·weightDecay),
 * skipped when weightDecay is 0. A wrapper rule (lookahead) composes its inner rule so.
 */
export function composedUpdate(rule: AnyRuleDefinition, inputs: UpdateInputs<string, Record<string, number>>, h: Record<string, unknown>): UpdateOutputs<string> {
  const decay = h.weightDecay;
  let { param, grad } = inputs;
  if (rule.weightDecay !== undefined && typeof decay === 'number' && decay !== 0) {
    const coefficient = inputs.c[DECAY_COEFFICIENTS[rule.weightDecay]];
    if (rule.weightDecay === 'coupled') grad = grad.add(coefficient.mul(param));
    else param = param.mul(coefficient);
  }
  return rule.update({ param, grad, slots: inputs.slots, c: inputs.c, rank: inputs.rank, global: inputs.global }, h);
}

/** The numbers of composed weight decay for one step: weightDecay (coupled) or decayFactor (decoupled). */
export function decayCoefficients(rule: AnyRuleDefinition, h: Record<string, unknown>, lr: number): Record<string, number> {
  return rule.weightDecay === undefined ? {} : { [DECAY_COEFFICIENTS[rule.weightDecay]]: decayCoefficient(rule, h, lr) };
}

/** The value of the rule's decay coefficient (weightDecay coupled, 1 − lr·weightDecay decoupled). */
function decayCoefficient(rule: AnyRuleDefinition, h: Record<string, unknown>, lr: number): number {
  const decay = typeof h.weightDecay === 'number' ? h.weightDecay : 0;
  return rule.weightDecay === 'decoupled' ? 1 - lr * decay : decay;
}

/**
 * The program of `rule` for hyperparameters `h` and a tensor of rank `rank`: the rule's
 * update with its weight decay composed around it (composedUpdate). Per-row and per-column
 * slots are computed by the reduction, before the update, from the state before the step.
 */
export function buildProgram(rule: AnyRuleDefinition, h: Record<string, unknown>, rank = 1): RuleProgram {
  const where = `${rule.type} update`;
  const slots = rule.slots(h, rank);
  const slotExtents = slots.map((name) => rule.slotExtent?.[name] ?? 'element');
  if (rank < 2 && slotExtents.some((extent) => extent !== 'element')) {
    throw new DescentError(where, `per-${slotExtents.find((e) => e !== 'element')} slots for a tensor of rank ${rank}`, 'per-row or per-column slots only for tensors of rank ≥ 2');
  }
  const used: string[] = [];
  const inputs = symbolicInputs(slots, used);
  const outputs = composedUpdate(rule, { ...inputs, rank }, h);
  for (const name of Object.keys(outputs.slots ?? {})) {
    if (!slots.includes(name)) throw new DescentError(where, name, `a slot in force (${slots.join(', ') || 'none'})`);
  }
  const reduction = new Linearizer(slots, slotExtents, used, null, where, rank);
  const linear = new Linearizer(slots, slotExtents, used, reduction, where, rank, reduction.globals);
  const paramAt = linear.add(outputs.param.node);
  const slotValues = slots.map((name): Value | undefined => outputs.slots?.[name]);
  const slotOutputs = slotValues.map((value, k) => (value === undefined || slotExtents[k] !== 'element' ? null : linear.add(value.node)));
  const reducedSlotOutputs = slotValues.map((value, k) => {
    if (value === undefined || slotExtents[k] === 'element') return null;
    const at = reduction.add(value.node);
    if (!fitsExtent(reduction.extents[at], slotExtents[k])) {
      throw new DescentError(`${where}: slot ${slots[k]}`, `a per-${reduction.extents[at]} value`, `a value of at most one per ${slotExtents[k]}, as the slot holds`);
    }
    return at;
  });
  if (reduction.globals.length > 0 && rule.global === undefined) {
    throw new DescentError(where, `reads ${reduction.globals.join(', ')}`, 'step-wide values only in a rule that declares global');
  }
  const hasReduction = reduction.instructions.length > 0;
  const reductionProgram = hasReduction
    ? { instructions: reduction.instructions, extents: reduction.extents, sums: reduction.summed, slotOutputs: reducedSlotOutputs }
    : null;
  const arrayInput = (x: Instruction) => x.op === 'reduced' && reduction.extents[reduction.summed[x.index]] !== 'tensor';
  const broadcasts =
    slotExtents.some((extent) => extent !== 'element') ||
    linear.extents.some((extent) => extent === 'row' || extent === 'column' || extent === 'matrix') ||
    linear.instructions.some(arrayInput);
  const body = {
    slots,
    slotExtents,
    coefficients: used,
    globals: reduction.globals,
    instructions: linear.instructions,
    extents: linear.extents,
    param: paramAt,
    slotOutputs,
    reduction: reductionProgram,
    broadcasts,
  };
  return { rule: rule.type, ...body, key: JSON.stringify(body) };
}

/**
 * A list of numbers computed once per tensor or once per step, in the form every engine
 * evaluates (the host in float64, tf ops on the device): a tensor's shares of a rule's
 * step-wide sums (`buildSharesProgram`), or the rule's advance of its step-wide state
 * (`buildAdvanceProgram`). `instructions` read the tensor's inputs (shares only; a `sum`
 * instruction's value is the sum itself), coefficients and step-wide values (`globals`, by
 * name); `outputs[j]` is the instruction holding `names[j]`, one number each.
 */
export interface StepWideProgram {
  readonly names: readonly string[];
  readonly coefficients: readonly string[];
  readonly globals: readonly string[];
  readonly instructions: readonly Instruction[];
  readonly extents: readonly Extent[];
  readonly outputs: readonly number[];
}

/** Linearizes named Values of one number each into a StepWideProgram. */
function stepWideProgram(values: Record<string, Value>, slots: readonly string[], used: string[], where: string, rank: number): StepWideProgram {
  const linear = new Linearizer(slots, slots.map(() => 'element'), used, null, where, rank);
  const names = Object.keys(values);
  const outputs = names.map((name) => linear.add(values[name].node));
  outputs.forEach((at, j) => {
    if (linear.extents[at] !== 'tensor' && linear.extents[at] !== 'uniform') throw new DescentError(`${where}.${names[j]}`, `a per-${linear.extents[at]} value`, 'one number (a sum over the tensor)');
  });
  return { names, coefficients: used, globals: linear.globals, instructions: linear.instructions, extents: linear.extents, outputs };
}

/** The estimate of a rule with a step-wide state, or a DescentError naming `where`. */
function estimateOf(rule: AnyRuleDefinition, where: string) {
  if (rule.global === undefined) throw new DescentError(where, rule.type, 'a rule with a step-wide estimate (global)');
  return rule.global;
}

/** One tensor's shares of a rule's step-wide sums, for hyperparameters `h` and a tensor of rank `rank`. */
export function buildSharesProgram(rule: AnyRuleDefinition, h: Record<string, unknown>, rank = 1): StepWideProgram {
  const where = `${rule.type} shares`;
  const estimate = estimateOf(rule, where);
  const slots = rule.slots(h, rank);
  const used: string[] = [];
  const inputs = symbolicInputs(slots, used);
  return stepWideProgram(estimate.shares({ ...inputs, rank }, h), slots, used, where, rank);
}

/** A rule's advance of its step-wide state; its one coefficient is the step's learning rate, "lr". */
export function buildAdvanceProgram(rule: AnyRuleDefinition, h: Record<string, unknown>): StepWideProgram {
  const where = `${rule.type} advance`;
  const estimate = estimateOf(rule, where);
  const used: string[] = [];
  const inputs = symbolicInputs([], used);
  return stepWideProgram(estimate.advance(inputs.global, inputs.coefficient('lr'), h), [], used, where, 0);
}

/** The instructions an instruction reads (its operands, by index). */
export function operandsOf(x: Instruction): number[] {
  if (x.op === 'select') return [x.left, x.right, x.ifTrue, x.ifFalse];
  if ('b' in x) return [x.a, x.b];
  return 'a' in x ? [x.a] : [];
}

/** How many numbers a kernel of the program takes after the arrays: its coefficients, then its per-tensor sums. */
export function scalarInputCount(program: RuleProgram): number {
  return program.coefficients.length + (program.reduction?.sums.length ?? 0);
}

/**
 * The coefficients of one step in the program's order (into `into`, which is returned):
 * the rule's own, advancing its scalar state, and the decay coefficient.
 */
export function coefficientValues(
  rule: AnyRuleDefinition,
  program: Pick<RuleProgram, 'coefficients'>,
  h: Record<string, unknown>,
  step: StepInfo,
  scalars: Record<string, number>,
  into: Float64Array,
): Float64Array {
  const own: Record<string, number> = rule.coefficients(h, step, scalars);
  const decayName = rule.weightDecay === undefined ? null : DECAY_COEFFICIENTS[rule.weightDecay];
  const names = program.coefficients;
  const bad = coefficientReader(names, decayName)(own, decayName === null ? 0 : decayCoefficient(rule, h, step.lr), into);
  if (bad >= 0) throw new DescentError(`${rule.type} coefficients.${names[bad]}`, own[names[bad]], 'a number (the update reads it)');
  return into;
}
