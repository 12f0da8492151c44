import { DescentError } from '../errors';
import type { Instruction } from '../rules/program';

/** How a target language writes the parts of an update expression that differ between languages. */
export interface ExpressionSyntax {
  /** An input of the update: the parameter, the gradient, slot `index`, coefficient `index`, or per-tensor sum `index`. */
  input(kind: 'param' | 'grad' | 'slot' | 'coefficient' | 'reduced', index: number): string;
  /** A number literal. */
  literal(value: number): string;
  /** A call of abs, sqrt, sign, max or min. */
  call(name: 'abs' | 'sqrt' | 'sign' | 'max' | 'min', args: string[]): string;
  /** `left test right ? ifTrue : ifFalse`, element by element; `test` is one of > >= < <=. */
  select(test: string, left: string, right: string, ifTrue: string, ifFalse: string): string;
}

const INFIX = { add: '+', sub: '-', mul: '*', div: '/' } as const;
const COMPARE = { gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/**
 * The expression of one instruction in a C-like language (JavaScript, GLSL, WGSL), its
 * operands named t<index>: every backend that prints source text prints it from here.
 */
export function printExpression(x: Instruction, syntax: ExpressionSyntax): string {
  const t = (i: number) => `t${i}`;
  switch (x.op) {
    case 'param':
    case 'grad':
      return syntax.input(x.op, 0);
    case 'slot':
    case 'coefficient':
    case 'reduced':
      return syntax.input(x.op, x.index);
    case 'constant':
      return syntax.literal(x.value);
    case 'neg':
      return `-${t(x.a)}`;
    case 'abs':
    case 'sqrt':
    case 'sign':
      return syntax.call(x.op, [t(x.a)]);
    case 'max':
    case 'min':
      return syntax.call(x.op, [t(x.a), t(x.b)]);
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return `${t(x.a)} ${INFIX[x.op]} ${t(x.b)}`;
    case 'select':
      return syntax.select(COMPARE[x.test], t(x.left), t(x.right), t(x.ifTrue), t(x.ifFalse));
    case 'sum':
    case 'orthogonalize':
    case 'global':
      throw new DescentError('instruction', x.op, 'an element-wise instruction (sums, orthogonalization and step-wide values come in as reduced inputs)');
  }
}
