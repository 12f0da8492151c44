import { DescentError } from '../errors';
import { isPlainObject } from '../fields';
import type { Objective } from './objective';
import { quadratic, type QuadraticConfig } from './quadratic';
import { rosenbrock, type RosenbrockConfig } from './rosenbrock';

export type { Objective } from './objective';
export { quadratic, type QuadraticConfig } from './quadratic';
export { rosenbrock, type RosenbrockConfig } from './rosenbrock';
export { saddle } from './saddle';

/** The config of an objective in conformance vectors. */
export type ObjectiveConfig = QuadraticConfig | RosenbrockConfig;

/** Builds an objective from its config, for parameters of the given dimension. */
export function createObjective(config: unknown, dimension: number, where = 'objective'): Objective {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'an objective config such as { type: "rosenbrock" }');
  if (config.type === 'quadratic') {
    const objective = quadratic(config as unknown as QuadraticConfig);
    if (objective.dimension !== dimension) throw new DescentError(`${where}.b`, config.b, `${dimension} entries, one per parameter`);
    return objective;
  }
  if (config.type === 'rosenbrock') return rosenbrock(config as unknown as RosenbrockConfig, dimension);
  throw new DescentError(`${where}.type`, config.type, 'one of "quadratic", "rosenbrock"');
}
