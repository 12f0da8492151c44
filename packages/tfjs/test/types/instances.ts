// Compiled by types.test.ts with tsc --strict: every `@ts-expect-error` must meet an error,
// every other line must compile. Nothing here runs.
import { adam, createDescentOptimizer, DescentSGD, rmsprop, sgd, train, type DescentAdam } from '@descent/tfjs';

const plain = sgd({ momentum: 0.9 });
const momentum: number = plain.hyperparameters.momentum;
const nesterov: boolean = plain.hyperparameters.nesterov;
plain.setHyperparameters({ momentum: 0.5, nesterov: true });
// @ts-expect-error sgd has no beta1
plain.setHyperparameters({ beta1: 0.5 });
// @ts-expect-error sgd's hyperparameters have no beta1
plain.hyperparameters.beta1;
// @ts-expect-error nesterov is a boolean
plain.setHyperparameters({ nesterov: 1 });
// @ts-expect-error sgd takes no beta1 option
sgd({ beta1: 0.5 });

const fromClass: DescentSGD = new DescentSGD({ learningRate: 0.1 });
fromClass.setHyperparameters({ dampening: 0.1 });
// @ts-expect-error DescentSGD has no amsgrad
fromClass.setHyperparameters({ amsgrad: true });

const adaptive: DescentAdam = adam({ amsgrad: true });
const beta1: number = adaptive.hyperparameters.beta1;
adaptive.setHyperparameters({ beta1: 0.8, biasCorrection: false });
// @ts-expect-error adam has no momentum
adaptive.setHyperparameters({ momentum: 0.9 });

rmsprop().setHyperparameters({ centered: true, formula: 'tfjs' });
// @ts-expect-error formula is "torch" or "tfjs"
rmsprop().setHyperparameters({ formula: 'keras' });

const dropIn = train.rmsprop(0.01, 0.9, 0.5);
const centered: boolean = dropIn.hyperparameters.centered;
dropIn.setHyperparameters({ momentum: 0 });
// @ts-expect-error rmsprop has no beta2
dropIn.setHyperparameters({ beta2: 0.9 });
// @ts-expect-error beta1 is a positional argument of train.adam, not an option
train.adam(0.01, 0.9, 0.999, null, { beta1: 0.5 });
train.adam(0.01, 0.9, 0.999, null, { amsgrad: true, schedule: { type: 'cosine', decaySteps: 100 } });

const fromData = createDescentOptimizer({ type: 'adamw', weightDecay: 0.1 });
fromData.setHyperparameters({ weightDecay: 0 });
// @ts-expect-error adamw has no momentum
fromData.setHyperparameters({ momentum: 0 });

export const read = [momentum, nesterov, beta1, centered];
