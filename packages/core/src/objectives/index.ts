import { DescentError } from '../errors';
import { finite, isPlainObject, numberList, required, resolveFields, type Check, type Fields } from '../fields';
import type { Objective } from './objective';
import { quadratic, type QuadraticConfig } from './quadratic';
import { rosenbrock, type RosenbrockConfig } from './rosenbrock';

export type { Objective } from './objective';
export { quadratic, type QuadraticConfig } from './quadratic';
export { rosenbrock, type RosenbrockConfig } from './rosenbrock';
export { saddle } from './saddle';

/** The config of an objective in conformance vectors. */
export type ObjectiveConfig = QuadraticConfig | RosenbrockConfig;

const vector = numberList(finite, false);

/** An array of non-empty arrays of finite numbers (quadratic checks that it is square and symmetric). */
const matrix: Check<number[][]> = {
  allowed: 'an array of rows of finite numbers',
  test: (v): v is number[][] => Array.isArray(v) && v.every((row) => vector.test(row)),
};

const quadraticFields: Fields<Omit<QuadraticConfig, 'type'>> = { A: required(matrix), b: required(vector) };
const rosenbrockFields: Fields<Required<Omit<RosenbrockConfig, 'type'>>> = { a: { default: 1, check: finite }, b: { default: 100, check: finite } };

/** Builds an objective from its config, for parameters of the given dimension. */
export function createObjective(config: unknown, dimension: number, where = 'objective'): Objective {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'an objective config such as { type: "rosenbrock" }');
  if (config.type === 'quadratic') {
    const objective = quadratic(resolveFields(where, quadraticFields, config));
    if (objective.dimension !== dimension) throw new DescentError(`${where}.b`, config.b, `${dimension} entries, one per parameter`);
    return objective;
  }
  if (config.type === 'rosenbrock') return rosenbrock(resolveFields(where, rosenbrockFields, config), dimension);
  throw new DescentError(`${where}.type`, config.type, 'one of "quadratic", "rosenbrock"');
}
