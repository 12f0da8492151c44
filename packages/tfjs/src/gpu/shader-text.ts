import { printExpression, type ExpressionSyntax, type RuleProgram } from '@descent/core';

/** How a shading language writes an update: the expression syntax and the declaration of a temporary. */
export interface ShaderSyntax extends Omit<ExpressionSyntax, 'call'> {
  /** The declaration of temporary k holding `expression`. */
  declare(k: number, expression: string): string;
}

/** A float literal both languages read: always with a fraction or an exponent, negative ones in parentheses. */
export function floatLiteral(value: number): string {
  const text = Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
  return value < 0 || Object.is(value, -0) ? `(${text})` : text;
}

/** The statements computing every instruction of the program, in order (the compiler drops what an output does not need). */
export function printStatements(program: RuleProgram, syntax: ShaderSyntax): string[] {
  const expression: ExpressionSyntax = { ...syntax, call: (name, args) => `${name}(${args.join(', ')})` };
  return program.instructions.map((x, k) => syntax.declare(k, printExpression(x, expression)));
}

/** The outputs of a program: the parameter first, then each slot the update changes, with the instruction holding it. */
export function programOutputs(program: RuleProgram): { readonly slot: number | null; readonly at: number }[] {
  const outputs: { slot: number | null; at: number }[] = [{ slot: null, at: program.param }];
  program.slotOutputs.forEach((at, slot) => {
    if (at !== null) outputs.push({ slot, at });
  });
  return outputs;
}

/** The slots after an update: the outputs for the slots it changes (in order), the given ones for the rest. */
export function mergeSlots<T>(program: RuleProgram, slots: readonly T[], changed: readonly T[]): T[] {
  let next = 0;
  return program.slotOutputs.map((at, k) => (at === null ? slots[k] : changed[next++]));
}
