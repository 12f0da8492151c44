import { isPlainObject, type Json, type OptimizerState } from '@descent/core';

/** A variable name without the `_<n>` suffix tfjs-layers adds when a name is taken. */
function canonicalName(name: string): string {
  return name.replace(/_\d+$/, '');
}

/**
 * Pairs the variables of a step that have no state with imported state no variable has
 * claimed yet, when they differ only by tfjs-layers' `_<n>` suffix and have the same
 * size: a model loaded next to its original gets "dense/kernel_1" for "dense/kernel".
 * A name with several candidates is left alone. Returns old name → new name.
 */
export function findRenames(
  unclaimed: ReadonlySet<string>,
  known: ReadonlySet<string>,
  step: readonly { name: string; size: number }[],
  sizeOf: (name: string) => number,
): Map<string, string> {
  const renames = new Map<string, string>();
  const stepping = new Set(step.map((s) => s.name));
  for (const { name, size } of step) {
    if (known.has(name)) continue;
    const candidates = [...unclaimed].filter(
      (old) => !stepping.has(old) && ![...renames.keys()].includes(old) && canonicalName(old) === canonicalName(name) && sizeOf(old) === size,
    );
    if (candidates.length === 1) renames.set(candidates[0], name);
  }
  return renames;
}

function renameKeys<T>(record: Record<string, T>, renames: ReadonlyMap<string, string>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [renames.get(name) ?? name, value]));
}

/** The state with variables renamed: their tensor states and per-variable transform state (accumulated sums). */
export function renameState(state: OptimizerState, renames: ReadonlyMap<string, string>): OptimizerState {
  const transforms = state.transforms.map((t): Json => (isPlainObject(t) && isPlainObject(t.sums) ? { ...t, sums: renameKeys(t.sums, renames) } : t));
  return { ...state, tensors: renameKeys(state.tensors, renames), transforms };
}
