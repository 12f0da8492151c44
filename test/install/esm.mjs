// The packages through import: their ES module builds.
import * as tf from '@tensorflow/tfjs';
import * as core from '@descent/core';
import * as tfjs from '@descent/tfjs';
import { NeuralNetwork } from 'brain.js';
import { train } from '@descent/brain';
import * as augment from '@descent/augment';
import * as augmentTfjs from '@descent/augment/tfjs';
import work from './work.cjs';

const resolved = ['@descent/core', '@descent/tfjs', '@descent/brain', '@descent/augment', '@descent/augment/tfjs'].map((name) => import.meta.resolve(name));
const result = await work({ tf, core, tfjs, brain: { NeuralNetwork, train }, augment, augmentTfjs });
console.log(JSON.stringify({ resolved, result }));
