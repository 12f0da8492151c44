import fc from 'fast-check';
import { createOptimizer, createReferenceOptimizer, type OptimizerConfig } from '../src';

const beta = fc.double({ min: 0, max: 0.999, noNaN: true });
const rate = fc.double({ min: 1e-4, max: 0.1, noNaN: true });
const decay = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.1, noNaN: true }));
const epsilon = fc.double({ min: 1e-8, max: 1e-3, noNaN: true });
const formula = fc.constantFrom('torch', 'tfjs');

/** Random valid configs of every rule, every field in play. */
const ruleArbitrary = fc.oneof(
  fc.record({ type: fc.constant('sgd'), learningRate: rate, momentum: beta, dampening: fc.double({ min: 0, max: 1, noNaN: true }), weightDecay: decay }),
  fc.record({ type: fc.constant('sgd'), learningRate: rate, momentum: fc.double({ min: 0.1, max: 0.99, noNaN: true }), nesterov: fc.constant(true), weightDecay: decay }),
  fc.record({ type: fc.constant('adagrad'), learningRate: rate, lrDecay: decay, weightDecay: decay, initialAccumulatorValue: decay, epsilon, formula }),
  fc.record({ type: fc.constant('rmsprop'), learningRate: rate, decay: beta, epsilon, momentum: beta, centered: fc.boolean(), weightDecay: decay, formula }),
  fc.record({ type: fc.constantFrom('adam', 'adamw'), learningRate: rate, beta1: beta, beta2: beta, epsilon, weightDecay: decay, amsgrad: fc.boolean(), biasCorrection: fc.boolean() }),
  fc.record({ type: fc.constant('adamax'), learningRate: rate, beta1: beta, beta2: beta, epsilon, weightDecay: decay, lrDecay: decay, formula }),
  fc.record({ type: fc.constant('nadam'), learningRate: rate, beta1: beta, beta2: beta, epsilon, weightDecay: decay, momentumDecay: decay }),
  fc.record({ type: fc.constant('radam'), learningRate: rate, beta1: beta, beta2: beta, epsilon, weightDecay: decay }),
  fc.record({ type: fc.constant('lion'), learningRate: rate, beta1: beta, beta2: beta, weightDecay: decay }),
  fc.record({ type: fc.constant('adadelta'), learningRate: fc.double({ min: 0.1, max: 1, noNaN: true }), rho: beta, epsilon, weightDecay: decay, formula }),
);

const shapes = fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });

/** |a − b| ≤ atol + rtol·|b|, the float32-target tolerance of the conformance suite, loosened for compounding. */
function expectClose(fast: ArrayLike<number>, reference: ArrayLike<number>, scale: number): void {
  for (let i = 0; i < reference.length; i++) {
    // tf.train's centered RMSprop, √(s − ā² − ε), is NaN where the variance is below ε: in both engines.
    if (Number.isNaN(reference[i]) && Number.isNaN(fast[i])) continue;
    const tolerance = 1e-5 * scale + 2e-4 * Math.abs(reference[i]);
    if (!(Math.abs(fast[i] - reference[i]) <= tolerance)) {
      throw new Error(`element ${i}: fast ${fast[i]}, reference ${reference[i]}`);
    }
  }
}

test.each(['simd', 'js'] as const)('the fast engine (%s kernels) equals the float64 reference on random configs, shapes and gradients', (kernels) => {
  fc.assert(
    fc.property(ruleArbitrary, shapes, fc.integer({ min: 1, max: 6 }), fc.integer(), (rule, tensorShapes, steps, seed) => {
      const config = { rule } as unknown as OptimizerConfig;
      const fast = createOptimizer(config, kernels);
      const reference = createReferenceOptimizer(config);
      let x = seed >>> 0;
      const next = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2147483648 - 1);
      const sizes = tensorShapes.map((s) => s.reduce((a, b) => a * b, 1));
      const initial = sizes.map((n) => Array.from({ length: n }, () => Math.fround(next())));
      const p32 = initial.map((v, i) => ({ name: `t${i}`, shape: tensorShapes[i], values: Float32Array.from(v) }));
      const p64 = initial.map((v, i) => ({ name: `t${i}`, shape: tensorShapes[i], values: Float64Array.from(v) }));
      for (let s = 0; s < steps; s++) {
        const grads = sizes.map((n) => Array.from({ length: n }, () => Math.fround(next() * 2)));
        fast.step(p32, grads.map((g) => Float32Array.from(g)));
        reference.step(p64, grads.map((g) => Float64Array.from(g)));
        // The float32 engine rounds every stored value; compare against the reference with
        // a tolerance proportional to how far a step can move a parameter.
        p32.forEach((p, i) => expectClose(p.values, p64[i].values, 1 + steps));
      }
    }),
    { numRuns: 300, seed: 20261127 },
  );
});
