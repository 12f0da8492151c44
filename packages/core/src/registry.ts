import { DescentError } from './errors';
import { isPlainObject } from './fields';

/**
 * Finds the definition a config's `type` names in a registry of kinds, or throws a
 * DescentError naming the config (not an object) or its type (unknown, listing the known
 * ones; `hint` is appended for a type that exists elsewhere).
 */
export function lookUpKind<D>(
  registry: Readonly<Record<string, D>>,
  config: unknown,
  where: string,
  example: string,
  hint = '',
): { definition: D; config: Record<string, unknown>; type: string } {
  if (!isPlainObject(config)) throw new DescentError(where, config, `a config such as ${example}`);
  const type = config.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(registry, type)) {
    const known = Object.keys(registry).map((t) => `"${t}"`).join(', ');
    throw new DescentError(`${where}.type`, type, `one of ${known}${hint}`);
  }
  return { definition: registry[type], config, type };
}
