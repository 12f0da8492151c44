/** What the zoo knows of a model without loading it. */
export interface ZooEntry {
  /** The name `load` takes. */
  readonly name: string;
  /** What it is and what it was trained on, in a sentence. */
  readonly description: string;
  /** The shape of one input, e.g. [28, 28, 1]. */
  readonly inputShape: readonly number[];
  /** The class names of its classifier, in output order. */
  readonly labels: readonly string[];
}

/**
 * The models shipped in the package's models/ folder. Each folder holds model.json,
 * weights.bin and card.json (data, accuracy, size, licence, the script that trained it).
 */
export const catalog: readonly ZooEntry[] = [
  {
    name: 'fashion-mnist-cnn',
    description: 'A small CNN (three 3×3 conv blocks, a 64-unit dense block, a softmax head) trained on Fashion-MNIST by packages/zoo/scripts/train-fashion-mnist.js.',
    inputShape: [28, 28, 1],
    labels: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  },
];
