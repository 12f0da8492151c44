// Every entry point of every package, imported from an ES module TypeScript.
import * as tf from '@tensorflow/tfjs';
import { createOptimizer, Random, type OptimizerConfig } from '@descent/core';
import { adam, lbfgs, DescentAdam, ReduceLROnPlateau, freeze } from '@descent/tfjs';
import { createTarget } from '@descent/tfjs/conformance';
import { train } from '@descent/brain';
import { createTarget as brainTarget } from '@descent/brain/conformance';
import { compose, randomHorizontalFlip, imageBatch } from '@descent/augment';
import { augmentTensor } from '@descent/augment/tfjs';
import { createTarget as augmentTarget } from '@descent/augment/conformance';
import { loadTarget, readVectorFile } from '@descent/conformance';
import { load, fromUrl, type Pretrained } from '@descent/zoo';

const config: OptimizerConfig = { rule: { type: 'adam', learningRate: 0.1 } };
const w = new Float32Array([1, -2]);
createOptimizer(config).step([{ name: 'w', values: w }], [new Float32Array([0.5, 1])]);
const optimizer: DescentAdam = adam({ learningRate: 0.01 });
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ loss: 'meanSquaredError', optimizer });
export const used = [createTarget, brainTarget, augmentTarget, loadTarget, readVectorFile, lbfgs, ReduceLROnPlateau, freeze, train, compose, randomHorizontalFlip, imageBatch, augmentTensor, Random, load, fromUrl];
export const pretrained: Promise<Pretrained> = fromUrl('/models/fashion-mnist-cnn/model.json', { expect: 'layers' });
