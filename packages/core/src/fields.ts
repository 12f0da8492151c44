import { DescentError } from './errors';

/** A check on one config field: a predicate and the words that describe what it accepts. */
export interface Check<T> {
  /** What the field accepts, e.g. "a number in [0, 1)". */
  readonly allowed: string;
  /** True when `value` is acceptable. */
  test(value: unknown): value is T;
}

/** One config field: its default (absent when the field is required), its check and what it means. */
export interface Field<T> {
  readonly default?: T;
  readonly check: Check<T>;
  /** One line on what the field does (docs tables and generated references read it). */
  readonly doc?: string;
}

/** The value types of a record of fields: `{ beta1: Field<number> }` gives `{ beta1: number }`. */
export type FieldValues<F> = { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** A field the user must give. */
export function required<T>(check: Check<T>): Field<T> {
  return { check };
}

/** The fields of a config kind, one entry per hyperparameter. */
export type Fields<H> = { readonly [K in keyof H]-?: Field<H[K]> };

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A finite number ≥ 0. */
export const nonNegative: Check<number> = {
  allowed: 'a finite number ≥ 0',
  test: (v): v is number => isFiniteNumber(v) && v >= 0,
};

/** A finite number > 0. */
export const positive: Check<number> = {
  allowed: 'a finite number > 0',
  test: (v): v is number => isFiniteNumber(v) && v > 0,
};

/** Any finite number. */
export const finite: Check<number> = { allowed: 'a finite number', test: isFiniteNumber };

/** A number in [0, 1): betas, decays, momentum coefficients, dropout rates. */
export const unitInterval: Check<number> = {
  allowed: 'a number in [0, 1)',
  test: (v): v is number => isFiniteNumber(v) && v >= 0 && v < 1,
};

/** A number in [0, 1]. */
export const closedUnitInterval: Check<number> = {
  allowed: 'a number in [0, 1]',
  test: (v): v is number => isFiniteNumber(v) && v >= 0 && v <= 1,
};

/** A number in (0, 1): multiplicative factors that must shrink. */
export const openUnitInterval: Check<number> = {
  allowed: 'a number in (0, 1)',
  test: (v): v is number => isFiniteNumber(v) && v > 0 && v < 1,
};

/** An integer ≥ 1. */
export const positiveInteger: Check<number> = {
  allowed: 'an integer ≥ 1',
  test: (v): v is number => Number.isInteger(v) && (v as number) >= 1,
};

/** An integer ≥ 0. */
export const nonNegativeInteger: Check<number> = {
  allowed: 'an integer ≥ 0',
  test: (v): v is number => Number.isInteger(v) && (v as number) >= 0,
};

/** true or false. */
export const boolean: Check<boolean> = {
  allowed: 'true or false',
  test: (v): v is boolean => typeof v === 'boolean',
};

/** One of a fixed set of values. */
export function oneOf<T extends string | null>(...values: readonly T[]): Check<T> {
  return {
    allowed: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    test: (v): v is T => values.includes(v as T),
  };
}

/** A number in [low, high]. */
export function between(low: number, high: number): Check<number> {
  return {
    allowed: `a number in [${low}, ${high}]`,
    test: (v): v is number => isFiniteNumber(v) && v >= low && v <= high,
  };
}

/** A non-empty array of finite numbers, strictly increasing when `increasing` is set. */
export function numberList(check: Check<number>, increasing: boolean): Check<number[]> {
  return {
    allowed: `a non-empty array of ${check.allowed.replace(/^an? /, '')} values${increasing ? ', strictly increasing' : ''}`,
    test: (v): v is number[] =>
      Array.isArray(v) &&
      v.length > 0 &&
      v.every((x, i) => check.test(x) && (!increasing || i === 0 || x > v[i - 1])),
  };
}

/** True when `value` is a plain object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * Checks a config against its fields and fills in the defaults. `where` names the
 * config in errors (e.g. "adam"); `ignore` lists keys the caller handles itself
 * (such as "type"). Unknown fields are an error, never silently dropped.
 */
export function resolveFields<H>(
  where: string,
  fields: Fields<H>,
  config: unknown,
  ignore: readonly string[] = ['type'],
): H {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'a config object');
  const known = Object.keys(fields);
  for (const key of Object.keys(config)) {
    if (!ignore.includes(key) && !known.includes(key)) {
      throw new DescentError(`${where}.${key}`, config[key], `one of the known fields (${known.join(', ')}): "${key}" is not one`);
    }
  }
  const resolved: Record<string, unknown> = {};
  for (const key of known) {
    const field = (fields as Record<string, Field<unknown>>)[key];
    const value = config[key] === undefined ? field.default : config[key];
    if (value === undefined) throw new DescentError(`${where}.${key}`, undefined, `${field.check.allowed} (required)`);
    if (!field.check.test(value)) throw new DescentError(`${where}.${key}`, value, field.check.allowed);
    resolved[key] = Array.isArray(value) ? value.slice() : value;
  }
  return resolved as H;
}

/**
 * Checks a partial update of already-resolved hyperparameters and returns the merged
 * result; `current` is left untouched, so a rejected update changes nothing.
 */
export function mergeFields<H>(where: string, fields: Fields<H>, current: H, update: unknown): H {
  if (!isPlainObject(update)) throw new DescentError(where, update, 'an object of fields to change');
  const merged = { ...current } as Record<string, unknown>;
  const known = Object.keys(fields);
  for (const [key, value] of Object.entries(update)) {
    if (!known.includes(key)) {
      throw new DescentError(`${where}.${key}`, value, `one of the known fields (${known.join(', ')}): "${key}" is not one`);
    }
    const field = (fields as Record<string, Field<unknown>>)[key];
    if (!field.check.test(value)) throw new DescentError(`${where}.${key}`, value, field.check.allowed);
    merged[key] = value;
  }
  return merged as H;
}
