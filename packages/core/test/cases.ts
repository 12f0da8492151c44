import type { FirstOrderRuleConfig } from '../src';

/** A rule config per variant worth testing, named. Learning rates suit a quadratic with curvature ≤ 10. */
export const RULE_CASES: [string, FirstOrderRuleConfig][] = [
  ['sgd', { type: 'sgd', learningRate: 0.05 }],
  ['sgd momentum', { type: 'sgd', learningRate: 0.02, momentum: 0.9 }],
  ['sgd dampening', { type: 'sgd', learningRate: 0.02, momentum: 0.8, dampening: 0.3 }],
  ['sgd nesterov', { type: 'sgd', learningRate: 0.02, momentum: 0.9, nesterov: true }],
  ['sgd weight decay', { type: 'sgd', learningRate: 0.05, weightDecay: 0.01 }],
  ['adagrad', { type: 'adagrad', learningRate: 0.3 }],
  ['adagrad lr decay', { type: 'adagrad', learningRate: 0.3, lrDecay: 0.01, initialAccumulatorValue: 0.1 }],
  ['rmsprop', { type: 'rmsprop', learningRate: 0.01 }],
  ['rmsprop centered momentum', { type: 'rmsprop', learningRate: 0.005, centered: true, momentum: 0.5 }],
  ['rmsprop centered', { type: 'rmsprop', learningRate: 0.01, centered: true }],
  ['rmsprop momentum', { type: 'rmsprop', learningRate: 0.005, momentum: 0.5, weightDecay: 0.01 }],
  ['adam', { type: 'adam', learningRate: 0.05 }],
  ['adam amsgrad', { type: 'adam', learningRate: 0.05, amsgrad: true, weightDecay: 0.01 }],
  ['adam no bias correction', { type: 'adam', learningRate: 0.01, biasCorrection: false }],
  ['adamw', { type: 'adamw', learningRate: 0.05 }],
  ['adamw amsgrad', { type: 'adamw', learningRate: 0.05, amsgrad: true, weightDecay: 0.1 }],
  ['adamax', { type: 'adamax', learningRate: 0.05 }],
  ['nadam', { type: 'nadam', learningRate: 0.05 }],
  ['radam', { type: 'radam', learningRate: 0.05 }],
  ['adadelta', { type: 'adadelta', learningRate: 1 }],
  ['lion', { type: 'lion', learningRate: 0.005 }],
  ['lion weight decay', { type: 'lion', learningRate: 0.005, weightDecay: 0.1 }],
  ['rprop', { type: 'rprop' }],
  ['adafactor', { type: 'adafactor', learningRate: 0.05 }],
  ['adafactor weight decay', { type: 'adafactor', learningRate: 0.05, weightDecay: 0.01, clipThreshold: 2 }],
  ['lamb', { type: 'lamb', learningRate: 0.02 }],
  ['muon', { type: 'muon', learningRate: 0.05, weightDecay: 0 }],
  ['muon weight decay', { type: 'muon', learningRate: 0.05, weightDecay: 0.1, nesterov: false }],
  ['lamb weight decay', { type: 'lamb', learningRate: 0.02, weightDecay: 0.01, epsilonRoot: 1e-8 }],
  ['lars', { type: 'lars' }],
  ['lars nesterov weight decay', { type: 'lars', learningRate: 0.5, nesterov: true, weightDecay: 0.001 }],
  ['rprop narrow step sizes', { type: 'rprop', learningRate: 0.05, etaMinus: 0.3, etaPlus: 1.5, stepSizeMin: 0.001, stepSizeMax: 0.1 }],
  ['asgd', { type: 'asgd', learningRate: 0.05, lambd: 0, t0: 20 }],
  ['asgd weight decay', { type: 'asgd', learningRate: 0.05, lambd: 0.01, alpha: 0.5, t0: 50, weightDecay: 0.01 }],
  ['scheduleFreeAdamW', { type: 'scheduleFreeAdamW', learningRate: 0.05 }],
  ['scheduleFreeAdamW warmup weight decay', { type: 'scheduleFreeAdamW', learningRate: 0.05, warmupSteps: 10, weightDecay: 0.01, r: 1 }],
  ['scheduleFreeSgd', { type: 'scheduleFreeSgd', learningRate: 0.05 }],
  ['scheduleFreeSgd warmup weight decay', { type: 'scheduleFreeSgd', learningRate: 0.05, momentum: 0.8, warmupSteps: 10, weightDecay: 0.01 }],
  ['prodigy', { type: 'prodigy' }],
  ['prodigy coupled decay bias correction', { type: 'prodigy', d0: 1e-4, weightDecay: 0.01, decouple: false, useBiasCorrection: true }],
  ['prodigy no first moment safeguard', { type: 'prodigy', beta1: 0, safeguardWarmup: true, growthRate: 1.5 }],
];

/** A small deterministic stream of numbers in [-1, 1) for test data (LCG; tests only). */
export function numbers(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2147483648 - 1;
  };
}

/** Tensors of the given shapes filled from `next`. */
export function tensors<A extends Float32Array | Float64Array>(
  make: (n: number) => A,
  shapes: number[][],
  next: () => number,
): { name: string; shape: number[]; values: A }[] {
  return shapes.map((shape, i) => {
    const values = make(shape.reduce((a, b) => a * b, 1));
    for (let j = 0; j < values.length; j++) values[j] = next();
    return { name: `t${i}`, shape, values };
  });
}

/** The quadratic loss ½·Σ cᵢ·xᵢ² with curvatures cycling through 1..10, and its gradient. */
export function bowl(x: ArrayLike<number>, gradient?: Float32Array | Float64Array): number {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const c = 1 + (i % 10);
    loss += 0.5 * c * x[i] * x[i];
    if (gradient) gradient[i] = c * x[i];
  }
  return loss;
}
