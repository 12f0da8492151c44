import { DescentError } from './errors';
import { unitInterval } from './fields';
import type { Random } from './random/generator';

/**
 * "inverted" (the default, what frameworks do): train-time h·mask/(1 − rate), test-time h.
 * "classic" (the lecture's first form): train-time h·mask, test-time h·(1 − rate).
 */
export type DropoutMode = 'inverted' | 'classic';

/** Checks a dropout rate: a number in [0, 1). `where` names it in the error. */
export function checkDropoutRate(rate: unknown, where = 'rate'): number {
  if (!unitInterval.test(rate)) throw new DescentError(where, rate, unitInterval.allowed);
  return rate;
}

function checkMode(mode: unknown): DropoutMode {
  if (mode !== 'inverted' && mode !== 'classic') throw new DescentError('mode', mode, 'one of "inverted", "classic"');
  return mode;
}

/**
 * Fills `out` with a dropout mask: each unit is kept when the generator's next
 * `nextFloat()` is ≥ rate (so with probability 1 − rate), one draw per unit in order.
 * A kept unit gets 1/(1 − rate) (inverted) or 1 (classic), a dropped one 0.
 */
export function dropoutMask(random: Random, rate: number, out: Float32Array | Float64Array, mode: DropoutMode = 'inverted'): void {
  checkDropoutRate(rate);
  const keep = checkMode(mode) === 'inverted' ? 1 / (1 - rate) : 1;
  for (let i = 0; i < out.length; i++) out[i] = random.nextFloat() >= rate ? keep : 0;
}

/** The factor applied to activations at test time: 1 (inverted) or 1 − rate (classic). */
export function dropoutInferenceScale(rate: number, mode: DropoutMode = 'inverted'): number {
  checkDropoutRate(rate);
  return checkMode(mode) === 'inverted' ? 1 : 1 - rate;
}

/** Multiplies activations by a mask in place (train time), as every backend does. */
export function applyDropoutMask(activations: Float32Array | Float64Array, mask: Float32Array | Float64Array): void {
  if (mask.length !== activations.length) throw new DescentError('mask.length', mask.length, `${activations.length}, the number of activations`);
  for (let i = 0; i < activations.length; i++) activations[i] *= mask[i];
}
