import { DescentError } from '../errors';
import type { Random } from '../random/generator';

/**
 * A Gamma(shape, 1) deviate by Marsaglia & Tsang's squeeze method (shape < 1 boosted by
 * U^(1/shape)), drawn from `random` only, so a seed fixes it everywhere.
 */
export function sampleGamma(random: Random, shape: number): number {
  if (!(Number.isFinite(shape) && shape > 0)) throw new DescentError('shape', shape, 'a finite number > 0');
  if (shape < 1) return sampleGamma(random, shape + 1) * Math.pow(1 - random.nextFloat(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = random.nextNormal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - random.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(a, b) deviate: X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). The mixing weight of mixUp and cutMix. */
export function sampleBeta(random: Random, a: number, b: number): number {
  const x = sampleGamma(random, a);
  const y = sampleGamma(random, b);
  return x / (x + y);
}
