import { DescentError } from '../errors';
import { isPlainObject, resolveFields, unitInterval, type Fields } from '../fields';
import type { FloatArray } from '../transforms/transform';

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

/** A parameter-averaging mode, ready to use. */
export interface Averager {
  /** The config `type` it was made from. */
  readonly type: AverageConfig['type'];
  /** Folds `param` into `average`, which has already averaged `count` iterates (0: copy). */
  update(average: FloatArray, param: FloatArray, count: number): void;
  /**
   * The same update as two weights, `a ← keep·a + take·p`, for backends that do the
   * element-wise work themselves (count 0 gives keep 0, take 1: a copy).
   */
  coefficients(count: number): AverageCoefficients;
}

/** The weights of one averaging update: `a ← keep·a + take·p`. */
export interface AverageCoefficients {
  readonly keep: number;
  readonly take: number;
}

const COPY: AverageCoefficients = { keep: 0, take: 1 };

const emaFields: Fields<{ decay: number }> = { decay: { default: 0.999, check: unitInterval } };

function copyInto(average: FloatArray, param: FloatArray): void {
  average.set(param);
}

/** Validates an averaging config and builds the averager. */
export function createAverager(config: unknown, where = 'average'): Averager {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'an average config: { type: "ema", decay } or { type: "polyak" }');
  if (config.type === 'ema') {
    const { decay } = resolveFields(`${where}(ema)`, emaFields, config);
    const keep = 1 - decay;
    return {
      type: 'ema',
      update(average, param, count) {
        if (count === 0) return copyInto(average, param);
        for (let i = 0, n = average.length; i < n; i++) average[i] = decay * average[i] + keep * param[i];
      },
      coefficients: (count) => (count === 0 ? COPY : { keep: decay, take: keep }),
    };
  }
  if (config.type === 'polyak') {
    resolveFields(`${where}(polyak)`, {}, config);
    return {
      type: 'polyak',
      update(average, param, count) {
        if (count === 0) return copyInto(average, param);
        const weight = 1 / (count + 1);
        for (let i = 0, n = average.length; i < n; i++) average[i] += (param[i] - average[i]) * weight;
      },
      coefficients: (count) => (count === 0 ? COPY : { keep: 1 - 1 / (count + 1), take: 1 / (count + 1) }),
    };
  }
  throw new DescentError(`${where}.type`, config.type, 'one of "ema", "polyak"');
}
