import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VECTORS_DIRECTORY } from '@descent/conformance/jest';
import { Random, resolveAugmentOp, type Interpolation } from '@descent/core';
import { augmentationFromConfig, augmentSample, policyOps, POLICY_OPS, randAugment, trivialAugmentWide, type PolicyOpName } from '@descent/augment';
import { errorOf, expectClose, floatImage } from './helpers';

interface PolicyCase {
  id: string;
  op: Record<string, unknown> | null;
  policyOp: { name: PolicyOpName; magnitude: number };
}
const cases: PolicyCase[] = JSON.parse(readFileSync(join(VECTORS_DIRECTORY, 'augment', 'policies.json'), 'utf8')).cases;

describe('RandAugment and TrivialAugmentWide', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s: policyOps gives the op whose torchvision _apply_op output the vector holds', (_, c) => {
    const interpolation = String(c.op?.interpolation ?? 'nearest') as Interpolation;
    const [op] = policyOps(c.policyOp.name, c.policyOp.magnitude, interpolation, 0);
    const want = resolveAugmentOp(c.op);
    expect(op.type).toBe(want.type);
    expectClose(op.params, want.params);
  });

  test('randAugment: numOps ops at the fixed bin with a random sign (bin 9 of 31: rotate ±9°, shear atan(±0.09))', () => {
    const policy = randAugment({ numOps: 3, magnitude: 9 });
    const random = new Random(5);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const ops = policy.sample({ height: 32, width: 32, channels: 3 }, random);
      expect(ops.length).toBeLessThanOrEqual(3);
      for (const op of ops) {
        seen.add(op.type);
        if (op.type === 'rotate') expect(Math.abs(op.params.angle)).toBeCloseTo(9, 12);
        if (op.type === 'adjustBrightness') expect([0.73, 1.27].some((f) => Math.abs(op.params.factor - f) < 1e-12)).toBe(true);
        if (op.type === 'posterize') expect(op.params.bits).toBe(7); // 8 − round(9 / 7.5)
        if (op.type === 'affine' && op.params.center !== null) expect(Math.abs(Math.tan((op.params.shear[0] + op.params.shear[1]) * (Math.PI / 180)))).toBeCloseTo(0.09, 12);
      }
    }
    expect(seen.size).toBe(10); // shears and shifts are affine maps, Identity adds none: 10 op types
    expect(errorOf(() => randAugment({ magnitude: 31 })).argument).toBe('randAugment.magnitude');
  });

  test('trivialAugmentWide: one op, its bin drawn uniformly; configs rebuild it; boxes follow its geometric ops', () => {
    const policy = trivialAugmentWide();
    const random = new Random(8);
    const angles = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const ops = policy.sample({ height: 16, width: 16, channels: 3 }, random);
      expect(ops.length).toBeLessThanOrEqual(1);
      if (ops[0]?.type === 'rotate') angles.add(Math.round(Math.abs(ops[0].params.angle) * 1000) / 1000);
    }
    for (const a of angles) expect(Number.isInteger(a / 4.5)).toBe(true); // linspace(0, 135, 31): multiples of 4.5°
    expect(angles.size).toBeGreaterThan(5);
    const img = floatImage(16, 16, 3);
    const rebuilt = augmentationFromConfig(policy.config);
    expect(Array.from(rebuilt.apply(img, new Random(3)).data)).toEqual(Array.from(policy.apply(img, new Random(3)).data));
    const draws = new Random(21);
    for (let i = 0; i < 30; i++) {
      const { sample, record } = augmentSample(policy, { image: img, boxes: [4, 4, 12, 12] }, draws, { minSize: 0, minArea: 0 });
      if (record.ops.length === 0 || !['affine', 'rotate'].includes(record.ops[0].type)) expect(Array.from(sample.boxes!)).toEqual([4, 4, 12, 12]);
    }
    expect(POLICY_OPS).toHaveLength(14);
  });
});
