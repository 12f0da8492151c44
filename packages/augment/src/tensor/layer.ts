import * as tf from '@tensorflow/tfjs';
import { centerCropBox, DescentError, Random, type ImageShape, type ResolvedAugmentOp } from '@descent/core';
import { shapeAfter, type Augmentation, type AugmentationConfig } from '../augmentations/augmentation';
import { augmentationFromConfig } from '../augmentations/registry';
import { augmentTensor } from './augment-tensor';
import { applyOpsToTensor } from './ops';

/** Options of the augmentation layer. */
export interface AugmentationLayerArgs {
  /** The pipeline (or its config) applied, per image, while training. */
  augmentation: Augmentation | AugmentationConfig;
  /** Seed of the layer's generator. Default 0. */
  seed?: number;
  /** Standard tfjs layer options. */
  name?: string;
  inputShape?: tf.Shape;
  batchInputShape?: tf.Shape;
}

/** The shape an augmentation gives images of a shape (it must not depend on the draws). */
function outputShapeOf(augmentation: Augmentation, shape: ImageShape): ImageShape {
  return shapeAfter(augmentation.sample(shape, new Random(0)), shape);
}

/**
 * A tfjs layer that augments its input only when `training` is true (in `fit`, or
 * `apply(x, { training: true })`): tfjs has no RandomFlip, RandomCrop, RandomZoom or
 * colour layers. At inference it passes images through, or, when the pipeline changes
 * their size, takes the largest centred window of the output's aspect ratio resized to
 * the output size (what Keras's RandomCrop does). Serializable: it saves the
 * augmentation config and seed (a reloaded layer restarts its random stream).
 */
export class AugmentationLayer extends tf.layers.Layer {
  /** The registered class name. */
  static className = 'DescentAugmentation';
  /** The pipeline applied in training. */
  readonly augmentation: Augmentation;
  /** The seed the generator started from. */
  readonly seed: number;
  private readonly random: Random;

  constructor(args: AugmentationLayerArgs) {
    super({ name: args.name, inputShape: args.inputShape, batchInputShape: args.batchInputShape, trainable: false });
    const given = args.augmentation as Partial<Augmentation> | undefined;
    this.augmentation = typeof given?.sample === 'function' ? (given as Augmentation) : augmentationFromConfig(args.augmentation, 'augmentation');
    this.seed = args.seed ?? 0;
    if (!Number.isInteger(this.seed)) throw new DescentError('seed', args.seed, 'an integer');
    this.random = new Random(this.seed);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 4 || shape.slice(1).some((d) => d === null)) {
      throw new DescentError('inputShape', shape, '[batch, height, width, channels] with known height, width and channels');
    }
    const out = outputShapeOf(this.augmentation, { height: shape[1]!, width: shape[2]!, channels: shape[3]! });
    return [shape[0], out.height, out.width, out.channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    if (kwargs.training === true) return augmentTensor(this.augmentation, x, this.random);
    const input = { height: x.shape[1], width: x.shape[2], channels: x.shape[3] };
    const out = outputShapeOf(this.augmentation, input);
    if (out.height === input.height && out.width === input.width) return tf.clone(x);
    return applyOpsToTensor(x, inferenceOps(input, out));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), augmentation: this.augmentation.config as tf.serialization.ConfigDict, seed: this.seed };
  }
}

/** The largest centred window of the output's aspect ratio, resized to the output size. */
function inferenceOps(input: ImageShape, out: ImageShape): ResolvedAugmentOp[] {
  const scale = Math.min(input.height / out.height, input.width / out.width);
  const height = Math.max(1, Math.round(out.height * scale));
  const width = Math.max(1, Math.round(out.width * scale));
  const box = centerCropBox(input, height, width);
  return [{ type: 'resizedCrop', kind: 'geometry', where: 'inference', params: { ...box, outHeight: out.height, outWidth: out.width, interpolation: 'bilinear' } }];
}

tf.serialization.registerClass(AugmentationLayer);

/** A training-only augmentation layer (see AugmentationLayer). */
export function augmentationLayer(args: AugmentationLayerArgs): AugmentationLayer {
  return new AugmentationLayer(args);
}
