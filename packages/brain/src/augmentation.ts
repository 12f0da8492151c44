import { DescentError, type Random } from '@descent/core';
import { checkValues } from './data';

/**
 * The `augment` option: augments one training input, e.g. `augmentFlat(randomCrop({ size: 28,
 * padding: 2 }), 28, 28)` from @descent/augment. It gets a fresh copy of the stored input
 * and the trainer's augmentation generator, and returns as many numbers as the net has inputs.
 */
export type InputAugmentation = (input: Float32Array, random: Random) => ArrayLike<number>;

/** Checks the `augment` option: a function, or undefined (no augmentation). */
export function resolveAugment(value: unknown): InputAugmentation | null {
  if (value === undefined) return null;
  if (typeof value !== 'function') {
    throw new DescentError('options.augment', value, 'a function (input, random) => augmented input, e.g. augmentFlat(randomCrop({ size: 28, padding: 2 }), 28, 28) from @descent/augment, or undefined');
  }
  return value as InputAugmentation;
}

/**
 * Applies the `augment` option to training inputs in the training forward pass. The stored
 * input is never modified (the function gets a copy); every output is checked to hold the
 * net's input count of finite numbers, with errors naming `options.augment(data[i].input)`.
 */
export class TrainingAugmentation {
  constructor(
    private readonly augment: InputAugmentation,
    private readonly inputs: number,
  ) {}

  /** The augmented version of `input`, training sample `index` of the data, drawn from `random`. */
  apply(input: ArrayLike<number>, random: Random, index: number): ArrayLike<number> {
    const output: unknown = this.augment(new Float32Array(input), random);
    const where = `options.augment(data[${index}].input)`;
    if (typeof (output as ArrayLike<number> | null)?.length !== 'number') {
      throw new DescentError(where, output, `an array or typed array of ${this.inputs} numbers, the net's inputs`);
    }
    checkValues(output as ArrayLike<number>, this.inputs, where, 'inputs');
    return output as ArrayLike<number>;
  }
}
