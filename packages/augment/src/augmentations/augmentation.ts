import { augmentOutputShape, DescentError, type AugmentOpConfig, type ImageShape, type Random, type ResolvedAugmentOp } from '@descent/core';
import { applyPerImage, sameKind } from '../engine/apply';
import type { Image, ImageBatch } from '../image';

/** A JSON config from which an augmentation can be rebuilt (`augmentationFromConfig`). */
export type AugmentationConfig = { readonly type: string } & { readonly [field: string]: unknown };

/** What was done to one image: its input shape and the exact ops applied, in order. Plain JSON. */
export interface AugmentRecord {
  readonly input: [number, number, number];
  readonly ops: AugmentOpConfig[];
}

/** The result of an augmentation with the record of every image, for replay. */
export interface RecordedAugmentation<O> {
  readonly output: O;
  readonly records: AugmentRecord[];
}

/** The output kind for an input kind: batches stay batches. */
export type Augmented<I extends Image> = I extends ImageBatch ? ImageBatch : Image;

/**
 * A random (or fixed) transformation of images, torchvision-style. It samples explicit
 * op parameters per image from the generator it is given, then runs the same ops the
 * conformance vectors check, so every draw is recorded and can be replayed exactly.
 */
export interface Augmentation {
  /** The config it was made from: JSON that `augmentationFromConfig` turns back into it. */
  readonly config: AugmentationConfig;
  /** Samples the ops for one image of `shape`, drawing only from `random`. */
  sample(shape: ImageShape, random: Random): ResolvedAugmentOp[];
  /** Augments an image, or each image of a batch independently; the input is not modified. */
  apply<I extends Image>(input: I, random: Random): Augmented<I>;
  /** The same, returning the record of every image too. */
  applyWithRecord<I extends Image>(input: I, random: Random): RecordedAugmentation<Augmented<I>>;
}

/** The shape after a list of resolved ops (each checked against the shape it meets). */
export function shapeAfter(ops: readonly ResolvedAugmentOp[], shape: ImageShape): ImageShape {
  return ops.reduce((s, op) => augmentOutputShape(op, s), shape);
}

/** The plain config of a resolved op (its type and every field). */
export function opConfig(op: ResolvedAugmentOp): AugmentOpConfig {
  return JSON.parse(JSON.stringify({ type: op.type, ...op.params })) as AugmentOpConfig;
}

/** Checks that apply got a generator. */
function checkRandom(random: unknown, where: string): asserts random is Random {
  const candidate = random as Random | null;
  if (typeof candidate?.nextFloat !== 'function' || typeof candidate.nextUint32 !== 'function') {
    throw new DescentError(`${where}: random`, random, 'a Random from @descent/core (e.g. new Random(seed))');
  }
}

/** Makes an augmentation from its config and its sampler, adding `apply` and `applyWithRecord`. */
export function defineAugmentation(config: AugmentationConfig, sample: Augmentation['sample']): Augmentation {
  const where = String(config.type);
  const run = <I extends Image>(input: I, random: Random, record: boolean) => {
    checkRandom(random, where);
    const sampled: ResolvedAugmentOp[][] = [];
    const output = applyPerImage(
      input,
      (i) => {
        const ops = sample({ height: input.height, width: input.width, channels: input.channels }, random);
        sampled[i] = ops;
        return ops;
      },
      where,
    );
    const shape: [number, number, number] = [input.height, input.width, input.channels];
    const records = record ? sampled.map((ops) => ({ input: [...shape] as [number, number, number], ops: ops.map(opConfig) })) : [];
    return { output: sameKind(input, output) as Augmented<I>, records };
  };
  return {
    config,
    sample,
    apply: (input, random) => run(input, random, false).output,
    applyWithRecord: (input, random) => run(input, random, true),
  };
}
