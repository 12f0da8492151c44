import { DescentError } from '../errors';
import { Value, type BinaryOp, type ComparisonOp, type ExpressionNode, type UnaryOp } from './expression';
import type { AnyRuleDefinition, StepInfo } from './rule';

/**
 * One instruction of a printed update. Operands are indices of earlier instructions, so
 * the list is in evaluation order and every shared subexpression appears once.
 */
export type Instruction =
  | { readonly op: 'param' }
  | { readonly op: 'grad' }
  | { readonly op: 'slot'; readonly index: number }
  | { readonly op: 'coefficient'; readonly index: number }
  | { readonly op: 'constant'; readonly value: number }
  | { readonly op: 'reduced'; readonly index: number }
  | { readonly op: UnaryOp; readonly a: number }
  | { readonly op: BinaryOp; readonly a: number; readonly b: number }
  | { readonly op: 'select'; readonly test: ComparisonOp; readonly left: number; readonly right: number; readonly ifTrue: number; readonly ifFalse: number };

/**
 * The per-tensor sums an update reads (`sum(x)` in a rule): `instructions` are read as the
 * update's are (same parameter, gradient, slots and coefficients, the values before the
 * step) and `sums[k]` is the instruction whose values over the tensor are added up into
 * the update's input `{ op: "reduced", index: k }`.
 */
export interface ReductionProgram {
  readonly instructions: readonly Instruction[];
  readonly sums: readonly number[];
}

/**
 * A rule's element-wise update for one set of hyperparameters, in the form every backend
 * prints: inputs are the parameter, the gradient, the slots (in `slots` order), the
 * coefficients (in `coefficients` order, per-step numbers such as the learning rate) and
 * the per-tensor sums of `reduction`; outputs are the new parameter and the new value of
 * each slot.
 */
export interface RuleProgram {
  /** The rule's `type`. */
  readonly rule: string;
  /** The slot names, in the order kernels take them. */
  readonly slots: readonly string[];
  /** The coefficient names, in the order kernels take them. */
  readonly coefficients: readonly string[];
  /** The instructions, in evaluation order. */
  readonly instructions: readonly Instruction[];
  /** The instruction holding the new parameter. */
  readonly param: number;
  /** Per slot, the instruction holding its new value, or null when the update leaves it. */
  readonly slotOutputs: readonly (number | null)[];
  /** The per-tensor sums the update reads, computed before it; null for a purely element-wise rule. */
  readonly reduction: ReductionProgram | null;
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
  return { param: new Value({ kind: 'param' }), grad: new Value({ kind: 'grad' }), slots, c, coefficient };
}

/** Flattens expression trees into instructions, each distinct subexpression once. */
class Linearizer {
  readonly instructions: Instruction[] = [];
  private readonly index = new Map<string, number>();
  private readonly seen = new Map<ExpressionNode, number>();

  /**
   * `sums` linearizes the terms of `sum(x)` nodes (their instructions read as this list's
   * do); null where a sum may not appear (inside another sum).
   */
  constructor(
    private readonly slots: readonly string[],
    private readonly coefficients: readonly string[],
    private readonly sums: Linearizer | null,
    private readonly rule: string,
  ) {}

  /** The indices of the summed terms, in `reduced` order. */
  readonly summed: number[] = [];

  add(node: ExpressionNode): number {
    const known = this.seen.get(node);
    if (known !== undefined) return known;
    const instruction = this.instructionOf(node);
    const text = JSON.stringify(instruction);
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.instructions.length;
      this.instructions.push(instruction);
      this.index.set(text, at);
    }
    this.seen.set(node, at);
    return at;
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
      case 'sum': {
        if (this.sums === null) throw new DescentError(`${this.rule} update`, 'a sum inside a sum', 'sums of element-wise terms (a summed term reads no other sum)');
        const term = this.sums.add(node.of);
        let index = this.sums.summed.indexOf(term);
        if (index < 0) index = this.sums.summed.push(term) - 1;
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
 * The program of `rule` for hyperparameters `h`: the rule's update with its weight decay
 * composed around it (coupled: the gradient gains weightDecay·p; decoupled: the parameter
 * is scaled by decayFactor = 1 − lr·weightDecay), skipped when weightDecay is 0.
 */
export function buildProgram(rule: AnyRuleDefinition, h: Record<string, unknown>): RuleProgram {
  const slots = rule.slots(h);
  const used: string[] = [];
  const inputs = symbolicInputs(slots, used);
  const decay = h.weightDecay;
  let { param, grad } = inputs;
  if (rule.weightDecay !== undefined && typeof decay === 'number' && decay !== 0) {
    const coefficient = inputs.coefficient(DECAY_COEFFICIENTS[rule.weightDecay]);
    if (rule.weightDecay === 'coupled') grad = grad.add(coefficient.mul(param));
    else param = param.mul(coefficient);
  }
  const outputs = rule.update({ param, grad, slots: inputs.slots, c: inputs.c }, h);
  for (const name of Object.keys(outputs.slots ?? {})) {
    if (!slots.includes(name)) throw new DescentError(`${rule.type} update`, name, `a slot in force (${slots.join(', ') || 'none'})`);
  }
  const sums = new Linearizer(slots, used, null, rule.type);
  const linear = new Linearizer(slots, used, sums, rule.type);
  const paramAt = linear.add(outputs.param.node);
  const slotOutputs = slots.map((name) => {
    const value: Value | undefined = outputs.slots?.[name];
    return value === undefined ? null : linear.add(value.node);
  });
  const reduction = sums.summed.length === 0 ? null : { instructions: sums.instructions, sums: sums.summed };
  const body = { slots, coefficients: used, instructions: linear.instructions, param: paramAt, slotOutputs, reduction };
  return { rule: rule.type, ...body, key: JSON.stringify(body) };
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
  program: RuleProgram,
  h: Record<string, unknown>,
  step: StepInfo,
  scalars: Record<string, number>,
  into: Float64Array,
): Float64Array {
  const values: Record<string, number> = rule.coefficients(h, step, scalars);
  const decay = typeof h.weightDecay === 'number' ? h.weightDecay : 0;
  const names = program.coefficients;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name === DECAY_COEFFICIENTS.coupled && rule.weightDecay === 'coupled') into[i] = decay;
    else if (name === DECAY_COEFFICIENTS.decoupled && rule.weightDecay === 'decoupled') into[i] = 1 - step.lr * decay;
    else {
      const value = values[name];
      if (typeof value !== 'number') throw new DescentError(`${rule.type} coefficients.${name}`, value, 'a number (the update reads it)');
      into[i] = value;
    }
  }
  return into;
}
