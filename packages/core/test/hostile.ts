/**
 * Adversarial input for the fuzz suites of every load path (core, tfjs, brain): values a
 * hostile or broken file puts where a number, string, array or object belongs, and
 * fast-check arbitraries that plant them anywhere in a valid exported state.
 */
import fc from 'fast-check';
import { decodeArray, DescentError, encodeArray, isPlainObject } from '../src';

/** Marks an edit that deletes the key instead of setting it. */
export const DELETE = Symbol('delete');

/** Values that a careless or hostile file holds where something sound belongs. */
export const HOSTILE_VALUES: readonly unknown[] = [
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -5, -0, 0.5, 1.5, 7, 1e12, 1e308, 2 ** 53, -(2 ** 31),
  'abc', 'null', '', 'x'.repeat(5000), 'AAAA', '////', null, true, [], {}, [Number.NaN], [-1, -1], [1e12], { length: 1e12 },
  JSON.parse('{"__proto__": {"polluted": 1}}'), { weight: 'missing' }, { dtype: 'float32', base64: 'AADAfw==' }, DELETE,
];

type Path = readonly (string | number)[];

/** Every path into `value` (the root included), looking at every key of an object and the first `breadth` entries of an array. */
export function pathsOf(value: unknown, breadth = 6, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (typeof value === 'object' && value !== null) {
    const keys = Array.isArray(value) ? value.slice(0, breadth).map((_, i) => i) : Object.keys(value);
    for (const key of keys) pathsOf((value as Record<string | number, unknown>)[key], breadth, [...prefix, key], out);
  }
  return out;
}

/** A deep copy of `root` with the node at `path` replaced by `value` (or deleted, for DELETE). */
export function withValueAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value === DELETE ? undefined : value;
  const copy: unknown = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

/** One to three hostile edits of `valid`: each a path into it and a hostile value (or a random JSON value) put there. */
export function hostileEdits(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const value = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_VALUES) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
  return fc.array(fc.tuple(fc.nat(paths.length - 1), value), { minLength: 1, maxLength: 3 }).map((edits) =>
    edits.reduce<unknown>((state, [i, v]) => {
      const path = pathsOf(state)[i] ?? paths[0];
      return withValueAt(state, path, v);
    }, valid),
  );
}

/** Element values an exported array may be made to hold: non-finite, negative, signed zero, tiny, moderate. */
const ELEMENTS = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -0, 0, 1e-30),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }),
);

const nodeAt = (root: unknown, path: Path): unknown => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);

/**
 * Edits of the arrays inside a valid state (`{ dtype, base64 }`): one of them re-encoded
 * with the same length and element values from ELEMENTS, so that the values, not the
 * framing, are what is hostile. Null when the state holds no array.
 */
export function encodedEdits(valid: unknown): fc.Arbitrary<unknown> | null {
  const targets = pathsOf(valid).filter((path) => {
    const node = nodeAt(valid, path);
    return isPlainObject(node) && typeof node.dtype === 'string' && decodeArray(node) !== null;
  });
  if (targets.length === 0) return null;
  return fc.tuple(fc.nat(targets.length - 1), fc.array(ELEMENTS, { minLength: 1, maxLength: 8 })).map(([i, values]) => {
    const node = nodeAt(valid, targets[i]) as { dtype: string };
    const length = (decodeArray(node) as Float32Array | Float64Array).length;
    const filled = Array.from({ length }, (_, j) => values[j % values.length]);
    return withValueAt(valid, targets[i], encodeArray(node.dtype === 'float32' ? Float32Array.from(filled) : Float64Array.from(filled)));
  });
}

/** True when every element is finite. */
export const allFinite = (values: ArrayLike<number>): boolean => Array.prototype.every.call(values, (v: number) => Number.isFinite(v));

/** Anything at all in place of a state: random JSON, random values of any type, hostile values. */
export const anyState: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }), fc.constantFrom(...HOSTILE_VALUES));

/** The longest one load may take, however hostile its input (generous: the machine is shared). */
export const LOAD_TIME_LIMIT_MS = 1500;

/** Tallies of a fuzz run: loads accepted and refused with a DescentError. */
export interface Tally {
  accepted: number;
  refused: number;
}

/** Counts a load's outcome: accepted, or refused with a DescentError that left `snapshot()` as it was `before`. */
function tallyOutcome(thrown: { error: unknown } | null, before: unknown, snapshot: () => unknown, tally: Tally): void {
  if (thrown === null) {
    tally.accepted++;
    return;
  }
  if (!(thrown.error instanceof DescentError)) throw thrown.error;
  expect(snapshot()).toEqual(before);
  tally.refused++;
}

/**
 * Runs one load: it must succeed or throw a DescentError, within LOAD_TIME_LIMIT_MS, and a
 * refused load must leave `snapshot()` as it was.
 */
export function expectAtomicLoad(load: () => void, snapshot: () => unknown, tally: Tally): void {
  const before = snapshot();
  const started = Date.now();
  let thrown: { error: unknown } | null = null;
  try {
    load();
  } catch (error) {
    thrown = { error };
  }
  expect(Date.now() - started).toBeLessThan(LOAD_TIME_LIMIT_MS);
  tallyOutcome(thrown, before, snapshot, tally);
}

/** expectAtomicLoad for a load that returns a promise. */
export async function expectAtomicLoadAsync(load: () => Promise<void>, snapshot: () => unknown, tally: Tally): Promise<void> {
  const before = snapshot();
  const started = Date.now();
  let thrown: { error: unknown } | null = null;
  await load().catch((error: unknown) => {
    thrown = { error };
  });
  expect(Date.now() - started).toBeLessThan(LOAD_TIME_LIMIT_MS);
  tallyOutcome(thrown, before, snapshot, tally);
}
