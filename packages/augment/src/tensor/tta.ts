import * as tf from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import type { TestTimeViews } from '../tta';
import { applyOpsToTensor, checkImageTensor, imageShapeOf } from './ops';

/** Anything with a tfjs `predict`, such as a tf.LayersModel. */
export interface Predictor {
  predict(x: tf.Tensor4D): tf.Tensor | tf.Tensor[];
}

/**
 * Test-time augmentation for a tfjs model: the mean of `model.predict` over every view
 * (e.g. tenCrop(224)) of each image of the batch, all views in one predict call.
 */
export function predictOverViews(model: Predictor, x: tf.Tensor4D, views: TestTimeViews): tf.Tensor {
  if (typeof model?.predict !== 'function') throw new DescentError('model', model, 'a tfjs model (anything with predict)');
  checkImageTensor(x, 'x');
  const count = x.shape[0];
  return tf.tidy(() => {
    const batch = tf.concat(views.views(imageShapeOf(x)).map((ops) => applyOpsToTensor(x, ops)), 0) as tf.Tensor4D;
    const out = model.predict(batch);
    const prediction = Array.isArray(out) ? out[0] : out;
    return tf.mean(tf.reshape(prediction, [views.count, count, ...prediction.shape.slice(1)]), 0);
  });
}
