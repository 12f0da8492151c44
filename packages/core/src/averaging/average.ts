import { DescentError } from '../errors';
import { isPlainObject, resolveFields, unitInterval, type Fields } from '../fields';

/** `{ type: "ema" }`: exponential moving average of the parameters. */
export interface EmaConfig {
  type: 'ema';
  /** Weight of the old average, in [0, 1). Default 0.999. */
  decay?: number;
}

/** `{ type: "polyak" }`: the equal running mean of every iterate (torch AveragedModel's default, SWA). */
export interface PolyakConfig {
  type: 'polyak';
}

/** The config of a parameter-averaging mode. */
export type AverageConfig = EmaConfig | PolyakConfig;

/** The weights of one averaging update: `a ← keep·a + take·p`. */
export interface AverageCoefficients {
  readonly keep: number;
  readonly take: number;
}

/** A parameter-averaging mode, ready to use. */
export interface Averager {
  /** The config `type` it was made from. */
  readonly type: AverageConfig['type'];
  /**
   * The weights that fold the parameters into an average of `count` iterates:
   * `a ← keep·a + take·p`; for count 0, keep 0 and take 1 (the first update copies).
   */
  coefficients(count: number): AverageCoefficients;
}

const COPY: AverageCoefficients = { keep: 0, take: 1 };

const emaFields: Fields<{ decay: number }> = { decay: { default: 0.999, check: unitInterval } };

/** Validates an averaging config and builds the averager. */
export function createAverager(config: unknown, where = 'average'): Averager {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'an average config: { type: "ema", decay } or { type: "polyak" }');
  if (config.type === 'ema') {
    const { decay } = resolveFields(`${where}(ema)`, emaFields, config);
    return { type: 'ema', coefficients: (count) => (count === 0 ? COPY : { keep: decay, take: 1 - decay }) };
  }
  if (config.type === 'polyak') {
    resolveFields(`${where}(polyak)`, {}, config);
    return { type: 'polyak', coefficients: (count) => (count === 0 ? COPY : { keep: 1 - 1 / (count + 1), take: 1 / (count + 1) }) };
  }
  throw new DescentError(`${where}.type`, config.type, 'one of "ema", "polyak"');
}
