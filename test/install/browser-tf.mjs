import * as tf from '@tensorflow/tfjs';
import { run } from './browser-app.mjs';

globalThis.bundleCheck = run(tf.train.adam(0.05));
