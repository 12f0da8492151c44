import { createSchedule, createOptimizer, scheduleTypes } from '../src';

function expectValues(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
}

const values = (config: object, steps: number, lr0 = 1) => {
  const schedule = createSchedule(config);
  return Array.from({ length: steps }, (_, k) => schedule.valueAt(k, lr0));
};

test('step, multiStep, exponential and inverseTime decay as the lecture writes them', () => {
  expect(values({ type: 'step', stepSize: 2, gamma: 0.5 }, 6)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  expect(values({ type: 'multiStep', milestones: [1, 4], gamma: 0.1 }, 5, 2)).toEqual([2, 0.2, 0.2, 0.2, 2 * 0.1 * 0.1]);
  expect(values({ type: 'exponential', gamma: Math.exp(-0.5) }, 3)).toEqual([1, Math.exp(-0.5), Math.exp(-0.5) ** 2]);
  expect(values({ type: 'inverseTime', decayRate: 0.5 }, 3)).toEqual([1, 1 / 1.5, 1 / 2]);
  expect(values({ type: 'inverseTime', decayRate: 1, decaySteps: 2, staircase: true }, 4)).toEqual([1, 1, 0.5, 0.5]);
});

test('polynomial, cosine and linear hold their final value after T', () => {
  expectValues(
    values({ type: 'polynomial', decaySteps: 4, power: 2, endLearningRate: 0.1 }, 6),
    [1, 0.75, 0.5, 0.25, 0, 0].map((r) => 0.9 * r * r + 0.1),
  );
  const cosine = values({ type: 'cosine', decaySteps: 4, minLearningRate: 0.2 }, 6);
  expect(cosine[0]).toBe(1);
  expect(cosine[2]).toBeCloseTo(0.6, 15);
  expect(cosine.slice(4)).toEqual([0.2, 0.2]);
  expect(values({ type: 'linear', startFactor: 0.25, totalSteps: 3 }, 5)).toEqual([0.25, 0.5, 0.75, 1, 1]);
});

test('cosineRestarts restarts at lr0 after cycles of T0, T0·tMul, …', () => {
  const lr = values({ type: 'cosineRestarts', firstDecaySteps: 2, tMul: 2 }, 9);
  expect(lr[0]).toBe(1);
  expect(lr[1]).toBeCloseTo(0.5, 15);
  expect(lr[2]).toBe(1);
  expect(lr[4]).toBeCloseTo(0.5, 15);
  expect(lr[6]).toBe(1);
  expect(lr[8]).toBeCloseTo((1 + Math.cos(Math.PI / 4)) / 2, 15);
});

test('oneCycle rises from max/divFactor to max over pctStart, then anneals to the final rate', () => {
  const lr = values({ type: 'oneCycle', maxLearningRate: 1, totalSteps: 10, pctStart: 0.3, annealStrategy: 'linear' }, 11);
  expect(lr[0]).toBeCloseTo(0.04, 15);
  expect(lr[2]).toBeCloseTo(1, 15);
  expect(lr[9]).toBeCloseTo(0.04 / 1e4, 15);
  expect(Math.max(...lr)).toBeCloseTo(1, 15);
  // After the cycle the final rate is held (torch would extrapolate, then raise): never a negative rate.
  expect(lr[10]).toBe(lr[9]);
  for (const annealStrategy of ['cos', 'linear']) {
    const tail = values({ type: 'oneCycle', maxLearningRate: 1, totalSteps: 10, annealStrategy }, 40).slice(9);
    tail.forEach((v) => expect(v).toBeCloseTo(0.04 / 1e4, 15));
  }
});

test('cyclic: triangular, triangular2 halves the amplitude each cycle, expRange decays it', () => {
  expect(values({ type: 'cyclic', baseLearningRate: 0, maxLearningRate: 1, stepSizeUp: 2 }, 6)).toEqual([0, 0.5, 1, 0.5, 0, 0.5]);
  expect(values({ type: 'cyclic', baseLearningRate: 0, maxLearningRate: 1, stepSizeUp: 2, mode: 'triangular2' }, 7)).toEqual([0, 0.5, 1, 0.5, 0, 0.25, 0.5]);
  expect(values({ type: 'cyclic', baseLearningRate: 0, maxLearningRate: 1, stepSizeUp: 1, stepSizeDown: 3, mode: 'expRange', gamma: 0.5 }, 3)).toEqual([0, 0.5, (2 / 3) * 0.25]);
});

test('sequential: warm-up then cosine, each schedule counted from its own start', () => {
  const lr = values({ type: 'sequential', schedules: [{ type: 'linear', startFactor: 0.5, totalSteps: 2 }, { type: 'cosine', decaySteps: 2 }], milestones: [2] }, 5);
  expectValues(lr, [0.5, 0.75, 1, 0.5, 0]);
});

test('reduceOnPlateau cuts after patience bad reports, waits out the cooldown, and respects the minimum', () => {
  const optimizer = createOptimizer({
    rule: { type: 'sgd', learningRate: 1 },
    schedule: { type: 'reduceOnPlateau', factor: 0.5, patience: 1, cooldown: 1, minLearningRate: 0.2 },
  });
  const seen: number[] = [];
  for (const metric of [5, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3]) {
    optimizer.reportMetric(metric);
    seen.push(optimizer.learningRate);
  }
  // torch's order: compare with the best, then count down the cooldown, then reduce after > patience bad reports.
  expect(seen).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.2]);
  // A new learningRate is cut as many times (3): 2 → 1 → 0.5 → 0.25, floored at 0.2.
  optimizer.setHyperparameters({ learningRate: 2 });
  expect(optimizer.learningRate).toBeCloseTo(0.25, 15);
});

test('reduceOnPlateau in max mode with an absolute threshold', () => {
  const schedule = createSchedule({ type: 'reduceOnPlateau', mode: 'max', thresholdMode: 'abs', threshold: 0.1, patience: 0 });
  schedule.reportMetric(0.5);
  schedule.reportMetric(0.55);
  expect(schedule.valueAt(0, 1)).toBeCloseTo(0.1, 15);
  schedule.reportMetric(0.7);
  expect(schedule.valueAt(0, 1)).toBeCloseTo(0.1, 15);
});

test('every schedule is a function of lr0 except oneCycle and cyclic, which set their own rates', () => {
  const configs: Record<string, object> = {
    constant: {},
    step: { stepSize: 2 },
    multiStep: { milestones: [1] },
    exponential: { gamma: 0.9 },
    inverseTime: { decayRate: 0.1 },
    polynomial: { decaySteps: 5 },
    cosine: { decaySteps: 5 },
    cosineRestarts: { firstDecaySteps: 3 },
    linear: {},
    oneCycle: { maxLearningRate: 1, totalSteps: 10 },
    cyclic: { baseLearningRate: 0.1, maxLearningRate: 1, stepSizeUp: 2 },
    sequential: { schedules: [{ type: 'constant' }, { type: 'step', stepSize: 1 }], milestones: [2] },
    reduceOnPlateau: {},
  };
  expect(Object.keys(configs).sort()).toEqual([...scheduleTypes].sort());
  for (const [type, fields] of Object.entries(configs)) {
    const a = values({ type, ...fields }, 6, 1);
    const b = values({ type, ...fields }, 6, 3);
    if (type === 'oneCycle' || type === 'cyclic') expect(b).toEqual(a);
    else b.forEach((v, k) => expect(v).toBeCloseTo(3 * a[k], 12));
  }
});

test('the optimizer applies the schedule at k = steps taken, per-tensor multipliers on top', () => {
  const optimizer = createOptimizer({
    rule: { type: 'sgd', learningRate: 1 },
    schedule: { type: 'step', stepSize: 1, gamma: 0.5 },
    groups: [{ names: ['head'], learningRateMultiplier: 10 }],
  });
  const base = { name: 'base', values: new Float32Array([0]) };
  const head = { name: 'head', values: new Float32Array([0]) };
  for (let s = 0; s < 3; s++) optimizer.step([base, head], [new Float32Array([1]), new Float32Array([1])]);
  expect(base.values[0]).toBeCloseTo(-(1 + 0.5 + 0.25), 6);
  expect(head.values[0]).toBeCloseTo(-10 * (1 + 0.5 + 0.25), 5);
  expect(optimizer.learningRate).toBe(0.125);
});

test('reduceOnPlateau floors each group at minLearningRate from its own rate, as torch does per param group', () => {
  const optimizer = createOptimizer({
    rule: { type: 'sgd', learningRate: 1 },
    schedule: { type: 'reduceOnPlateau', factor: 0.1, patience: 0, minLearningRate: 0.4 },
    groups: [{ names: ['fast'], learningRate: 4 }],
  });
  const slow = { name: 'slow', values: new Float32Array([0]) };
  const fast = { name: 'fast', values: new Float32Array([0]) };
  optimizer.reportMetric(1);
  optimizer.reportMetric(1); // one reduction: slow 1 → max(0.1, 0.4) = 0.4, fast 4 → 0.4
  optimizer.step([slow, fast], [new Float32Array([1]), new Float32Array([1])]);
  expect(slow.values[0]).toBeCloseTo(-0.4, 6);
  expect(fast.values[0]).toBeCloseTo(-0.4, 6);
  const state = optimizer.exportState();
  expect(() => optimizer.importState({ ...state, schedule: { ...(state.schedule as object), reductions: -1 } })).toThrow(/state/);
});
