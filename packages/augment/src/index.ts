/**
 * @descent/augment — data augmentation as CS231n lecture 7 teaches it: flips, random
 * crops and scales, colour jitter, erasing, lighting noise, mixUp/cutMix, and averaging
 * fixed crops at test time. Typed-array images (Float32Array 0..1 or Uint8Array 0..255),
 * seeded by @descent/spec's Random, every sampled parameter recorded for replay.
 * tfjs tensors, a training-only layer and tf.data mapping live at `@descent/augment/tfjs`.
 *
 * @packageDocumentation
 */
export * from './image';
export * as ops from './ops';
export { applyOp, applyOps } from './ops';
