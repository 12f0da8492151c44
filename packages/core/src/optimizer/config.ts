import { createAverager, type Averager } from '../averaging/average';
import { DescentError } from '../errors';
import { isPlainObject } from '../fields';
import { resolveRule, type ResolvedRule } from '../rules';
import { createSchedule, type Schedule } from '../schedules';
import { createTransform, type GradientTransform } from '../transforms';
import { resolveGroups, type ResolvedGroup } from './groups';
import type { OptimizerConfig } from './optimizer';
import { withLookahead } from '../wrappers/lookahead';

const KNOWN_KEYS = ['rule', 'schedule', 'transforms', 'average', 'groups', 'lookahead'];

/** What an optimizer config builds, every part checked: the rule, tensor groups, schedule, transforms and averager. */
export interface OptimizerParts {
  readonly rule: ResolvedRule;
  readonly groups: ResolvedGroup[];
  readonly schedule: Schedule;
  readonly transforms: GradientTransform[];
  readonly averager: Averager | null;
}

/** Checks an optimizer config (known keys, rule, lookahead, groups, schedule, transforms, average) and builds its parts; throws DescentError. */
export function buildOptimizerParts(config: unknown): OptimizerParts {
  if (!isPlainObject(config)) throw new DescentError('config', config, 'an optimizer config such as { rule: { type: "adam" } }');
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.includes(key)) throw new DescentError(`config.${key}`, config[key], `one of the known options (${KNOWN_KEYS.join(', ')}): "${key}" is not one`);
  }
  const resolved = resolveRule(config.rule);
  const rule = config.lookahead === undefined ? resolved : { ...resolved, definition: withLookahead(resolved.definition, config.lookahead) };
  const groups = resolveGroups(config.groups, rule);
  const schedule = createSchedule(config.schedule ?? { type: 'constant' });
  if (config.transforms !== undefined && !Array.isArray(config.transforms)) {
    throw new DescentError('transforms', config.transforms, 'an array of transform configs');
  }
  const transforms = (config.transforms ?? []).map((t: unknown, i: number) => createTransform(t, `transforms[${i}]`));
  const averager = config.average === undefined ? null : createAverager(config.average);
  return { rule, groups, schedule, transforms, averager };
}

/**
 * Checks a config that arrives as data (a vector file, options from a saved model) exactly as
 * the optimizer will, and from then on treats it as an OptimizerConfig; throws DescentError
 * naming the first bad field.
 */
export function assertOptimizerConfig(config: unknown): asserts config is OptimizerConfig {
  buildOptimizerParts(config);
}
