import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { VECTORS_DIRECTORY } from '@descent/conformance/jest';
import { Random, resolveAugmentOp, type AugmentOpConfig } from '@descent/core';
import { applyOps, AUG_MIX_OPS, augMix, augmentationFromConfig, augmentSample, AUTO_AUGMENT_POLICIES, autoAugment, image, toFloat32 } from '@descent/augment';
import { augmentSampleTensor, augmentTensor } from '@descent/augment/tfjs';
import { byteImage, errorOf, expectClose, floatBatch, floatImage } from './helpers';

interface PolicyCase {
  id: string;
  op: AugmentOpConfig;
  policy: { config: { type: string }; seed: number };
  input: { shape: [number, number, number] };
}
const cases: PolicyCase[] = ['autoaugment.json', 'autoaugment-uint8.json'].flatMap((file) => JSON.parse(readFileSync(join(VECTORS_DIRECTORY, 'augment', file), 'utf8')).cases);
const shape32 = { height: 32, width: 32, channels: 3 };
const degrees = (m: number) => (Math.atan(m) * 180) / Math.PI;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('AutoAugment and AugMix', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s: the seed draws the op torchvision applied when fed the same draws', (_, c) => {
    const [height, width, channels] = c.input.shape;
    const ops = augmentationFromConfig(c.policy.config).sample({ height, width, channels }, new Random(c.policy.seed));
    expect(ops).toHaveLength(1);
    expect(ops[0].type).toBe(c.op.type);
    expectClose(ops[0].params, resolveAugmentOp(c.op).params);
  });

  test('autoAugment draws the sub-policy, both probabilities, then both signs (0 negates)', () => {
    expect(new Random(23).nextInt(25)).toBe(18); // ImageNet 18: ShearX 0.6 bin 5, Equalize 1.0
    const [shear, equalize] = autoAugment().sample(shape32, new Random(23));
    expect(shear.type).toBe('affine');
    expect(shear.type === 'affine' && shear.params.shear[0]).toBeCloseTo(degrees(0.3 * (5 / 9)), 12);
    expect(shear.type === 'affine' && shear.params.center).toEqual([0, 0]);
    expect(equalize.type).toBe('equalize');
    expect(new Random(27).nextInt(25)).toBe(16); // ImageNet 16: Color 0.8 bin 8, Solarize 0.8 bin 7
    const [color, solarize] = autoAugment().sample(shape32, new Random(27));
    expect(color.type === 'adjustSaturation' && color.params.factor).toBeCloseTo(1 - 0.8, 12); // signs[0] = 0: −0.8
    expect(solarize.type === 'solarize' && solarize.params.threshold).toBeCloseTo((255 - 7 * (255 / 9)) / 255, 12);
    expect(autoAugment().sample(shape32, new Random(10))).toEqual([]); // neither probability met
    expect(AUTO_AUGMENT_POLICIES.imagenet[0]).toEqual([['Posterize', 0.4, 8], ['Rotate', 0.6, 9]]);
    expect(Object.values(AUTO_AUGMENT_POLICIES).map((p) => p.length)).toEqual([25, 25, 25]);
  });

  test('autoAugment moves boxes with its rotations, on typed arrays and tensors alike', () => {
    const img = floatImage(32, 32, 3);
    const { sample, record } = augmentSample(autoAugment(), { image: img, boxes: [8, 8, 24, 24], labels: [3] }, new Random(7), { minArea: 0 });
    expect(record.ops).toEqual([{ type: 'rotate', angle: 30, interpolation: 'nearest', expand: false, fill: 0 }]);
    // The square's corners turned by 30° about (16, 16): half-width 8·(cos 30° + sin 30°).
    const half = 8 * (Math.cos(Math.PI / 6) + Math.sin(Math.PI / 6));
    Array.from(sample.boxes!).forEach((v, i) => expect(v).toBeCloseTo(i < 2 ? 16 - half : 16 + half, 4));
    const tensors = { image: tf.tensor3d(img.data, [32, 32, 3]), boxes: tf.tensor2d([8, 8, 24, 24], [1, 4]) };
    const out = augmentSampleTensor(autoAugment(), tensors, new Random(7), { minArea: 0 });
    Array.from(out.sample.boxes!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(sample.boxes![i], 5));
    tf.dispose([tensors.image, tensors.boxes, out.sample.image, out.sample.boxes!]);
  });

  test('autoAugment refuses bad options by name', () => {
    expect(errorOf(() => autoAugment({ policy: 'coco' as 'imagenet' })).argument).toBe('autoAugment.policy');
    expect(errorOf(() => autoAugment({ interpolation: 'bicubic' as 'nearest' })).argument).toBe('autoAugment.interpolation');
    expect(errorOf(() => autoAugment({ magnitude: 3 } as object)).argument).toBe('autoAugment.magnitude');
  });

  test('augMix: weights ≥ 0 summing to 1 with mix, 1‥3 ops per chain, magnitudes from the first `severity` bins', () => {
    const policy = augMix();
    const random = new Random(4);
    const depths = new Set<number>();
    const angles = new Set<number>();
    const bits = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const [op] = policy.sample({ height: 12, width: 12, channels: 3 }, random);
      if (op.type !== 'augMix') throw new Error(`got ${op.type}`);
      const { chains, weights, mix } = op.params;
      expect(chains).toHaveLength(3);
      expect(weights.every((w) => w >= 0) && mix >= 0).toBe(true);
      expect(weights.reduce((sum, w) => sum + w, mix)).toBeCloseTo(1, 12);
      for (const chain of chains) {
        depths.add(chain.length);
        for (const c of chain) {
          if (c.type === 'rotate') angles.add(Math.round(Math.abs(c.angle) * 1e9) / 1e9);
          if (c.type === 'posterize') bits.add(c.bits);
        }
      }
    }
    expect([...depths].sort()).toEqual([1, 2, 3]);
    expect([...angles].sort((a, b) => a - b)).toEqual([0, 3.333333333, 6.666666667]); // linspace(0, 30, 10)[0..2]
    expect([...bits].sort()).toEqual([3, 4]); // 4 − round(i / 2.25), i < 3
    const [fixed] = augMix({ chainDepth: 2, mixtureWidth: 4, allOps: false }).sample(shape32, new Random(1));
    expect(fixed.type === 'augMix' && fixed.params.chains.map((chain) => chain.length)).toEqual([2, 2, 2, 2]);
    expect(AUG_MIX_OPS).toHaveLength(13);
  });

  test('augMix blends in float32 as torchvision: 0.5·x + 0.25·(1 − x) + 0.25·x', () => {
    const op: AugmentOpConfig = { type: 'augMix', chains: [[{ type: 'invert' }], []], weights: [0.25, 0.25], mix: 0.5 };
    const img = image(Float32Array.from([0.2, 0.6, 1]), [1, 1, 3]);
    const want = [0.2, 0.6, 1].map((x) => Math.fround(Math.fround(Math.fround(0.5 * Math.fround(x)) + Math.fround(0.25 * Math.fround(1 - Math.fround(x)))) + Math.fround(0.25 * Math.fround(x))));
    expect(Array.from(applyOps(img, [op]).data)).toEqual(want);
    const bytes = applyOps(image(Uint8Array.from([51, 153, 255]), [1, 1, 3]), [op]);
    expect(Array.from(bytes.data)).toEqual([89, 140, 191]); // 0.5·k + 0.25·(255 − k) + 0.25·k: 89.25, 140.25, 191.25, rounded
  });

  test('augMix replays from its record, rebuilds from its config and gives the same numbers on tensors', () => {
    const batch = floatBatch(2, 10, 12, 3);
    const policy = augMix();
    const { output, records } = policy.applyWithRecord(batch, new Random(5));
    records.forEach((record, i) => {
      const one = image(batch.data.slice(i * 360, (i + 1) * 360), [10, 12, 3]);
      expect(Array.from(applyOps(one, record.ops).data)).toEqual(Array.from(output.data.subarray(i * 360, (i + 1) * 360)));
    });
    expect(Array.from(augmentationFromConfig(policy.config).apply(batch, new Random(5)).data)).toEqual(Array.from(output.data));
    const x = tf.tensor4d(batch.data, [2, 10, 12, 3]);
    const y = augmentTensor(policy, x, new Random(5));
    const got = y.dataSync();
    output.data.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThan(1e-6));
    tf.dispose([x, y]);
    const bytes = policy.apply(byteImage(10, 12, 3), new Random(5));
    expect(bytes.data).toBeInstanceOf(Uint8Array);
    const floats = policy.apply(toFloat32(byteImage(10, 12, 3)), new Random(5));
    bytes.data.forEach((v, i) => expect(Math.abs(v - floats.data[i] * 255)).toBeLessThanOrEqual(3)); // bytes round after every op
  });

  test('augMix refuses targets and bad options by name', () => {
    const img = floatImage(8, 8, 3);
    expect(errorOf(() => augmentSample(augMix(), { image: img, boxes: [1, 1, 4, 4], labels: [0] }, new Random(1))).argument).toBe('augMix: sample: boxes, labels');
    expect(errorOf(() => augmentSample(augMix(), { image: img, masks: floatImage(8, 8, 1) }, new Random(1))).argument).toBe('augMix: sample: masks');
    expect(augmentSample(augMix(), { image: img }, new Random(1)).sample.image.data).toHaveLength(192);
    const tensors = { image: tf.tensor3d(img.data, [8, 8, 3]), keypoints: tf.tensor2d([1, 1, 1], [1, 3]) };
    expect(errorOf(() => augmentSampleTensor(augMix(), tensors, new Random(1))).argument).toBe('augMix: sample: keypoints');
    tf.dispose(Object.values(tensors));
    expect(errorOf(() => augMix({ severity: 11 })).argument).toBe('augMix.severity');
    expect(errorOf(() => augMix({ severity: 0 })).argument).toBe('augMix.severity');
    expect(errorOf(() => augMix({ chainDepth: 0 })).argument).toBe('augMix.chainDepth');
    expect(errorOf(() => augMix({ alpha: 0 })).argument).toBe('augMix.alpha');
    expect(errorOf(() => augMix({ mixtureWidth: 0 })).argument).toBe('augMix.mixtureWidth');
    expect(errorOf(() => augMix({ allOps: 'yes' as unknown as boolean })).argument).toBe('augMix.allOps');
    expect(errorOf(() => augMix({ mixture_width: 3 } as object)).argument).toBe('augMix.mixture_width');
  });
});
