/**
 * Copies a rule's coefficients, by name, into a program's coefficient array: `own` (what
 * the rule's `coefficients` returned) for every name but `decayName`, which takes `decay`.
 * Returns the index of the first value that is not a number (nothing after it written),
 * or -1.
 */
export type CoefficientReader = (own: Record<string, unknown>, decay: number, into: Float64Array) => number;

interface Known {
  readonly names: readonly string[];
  readonly decayName: string | null;
  readonly read: CoefficientReader;
}

const readers = new WeakMap<readonly string[], Known>();
/** The reader asked for last: a small net asks for the same one step after step, and this skips the WeakMap. */
let last: Known | null = null;

/**
 * The reader of the coefficient names `names` (a program's own array, read every step of
 * every tensor): printed once with each name as a constant property access, since a lookup
 * by a name held in a variable costs more than the rest of the step's coefficients; a loop
 * where `new Function` is forbidden.
 */
export function coefficientReader(names: readonly string[], decayName: string | null): CoefficientReader {
  if (last !== null && last.names === names && last.decayName === decayName) return last.read;
  let known = readers.get(names);
  if (known === undefined || known.decayName !== decayName) {
    known = { names, decayName, read: printedReader(names, decayName) ?? loopReader(names, decayName) };
    readers.set(names, known);
  }
  last = known;
  return known.read;
}

function printedReader(names: readonly string[], decayName: string | null): CoefficientReader | null {
  const lines = names.map((name, i) => {
    const value = name === decayName ? 'decay' : `own[${JSON.stringify(name)}]`;
    return `v = ${value};\nif (typeof v !== "number") return ${i};\ninto[${i}] = v;`;
  });
  try {
    return new Function('own', 'decay', 'into', `"use strict";\nlet v;\n${lines.join('\n')}\nreturn -1;`) as CoefficientReader;
  } catch {
    return null;
  }
}

function loopReader(names: readonly string[], decayName: string | null): CoefficientReader {
  return (own, decay, into) => {
    for (let i = 0; i < names.length; i++) {
      const value = names[i] === decayName ? decay : own[names[i]];
      if (typeof value !== 'number') return i;
      into[i] = value;
    }
    return -1;
  };
}
