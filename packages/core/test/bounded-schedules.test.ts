import { createOptimizer, createSchedule, scheduleTypes } from '../src';

/** One accepted config of every schedule type (the test below fails when a type is added without one). */
const CONFIGS: Record<string, object> = {
  constant: { type: 'constant' },
  step: { type: 'step', stepSize: 3 },
  multiStep: { type: 'multiStep', milestones: [2, 5] },
  exponential: { type: 'exponential', gamma: 0.99 },
  inverseTime: { type: 'inverseTime', decayRate: 0.5 },
  polynomial: { type: 'polynomial', decaySteps: 10 },
  cosine: { type: 'cosine', decaySteps: 10 },
  cosineRestarts: { type: 'cosineRestarts', firstDecaySteps: 1 },
  linear: { type: 'linear', totalSteps: 10 },
  cyclic: { type: 'cyclic', baseLearningRate: 0.1, maxLearningRate: 1, stepSizeUp: 1 },
  oneCycle: { type: 'oneCycle', maxLearningRate: 1, totalSteps: 10 },
  reduceOnPlateau: { type: 'reduceOnPlateau' },
  sequential: { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'cosineRestarts', firstDecaySteps: 1, tMul: 2 }], milestones: [1] },
};

const timed = (fn: () => void): number => {
  const started = Date.now();
  fn();
  return Date.now() - started;
};

describe('every schedule computes any step in bounded time', () => {
  test('the configs cover every schedule type', () => {
    expect(Object.keys(CONFIGS).sort()).toEqual([...scheduleTypes].sort());
  });

  test.each(Object.keys(CONFIGS))('%s at steps up to 2^53 − 1', (type) => {
    const schedule = createSchedule(CONFIGS[type]);
    const ms = timed(() => {
      for (const k of [0, 1, 1e6, 1e12, Number.MAX_SAFE_INTEGER]) expect(Number.isNaN(schedule.valueAt(k, 0.5))).toBe(false);
    });
    expect(ms).toBeLessThan(500);
  });

  test('cosineRestarts with tMul 1 at step 1e15 is in its cycle where the closed form says (the loop took 1e15 turns)', () => {
    const schedule = createSchedule({ type: 'cosineRestarts', firstDecaySteps: 4 });
    let lr = 0;
    expect(timed(() => (lr = schedule.valueAt(1e15 + 2, 1)))).toBeLessThan(100);
    expect(lr).toBeCloseTo(0.5, 12); // position 2 of a cycle of 4: (1 + cos(π/2)) / 2
  });

  test('reduceOnPlateau reads its rate at once from an imported 9e15 reductions (the loop never returned)', () => {
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1 }, schedule: { type: 'reduceOnPlateau', factor: 0.5, minLearningRate: 1e-3 } });
    const state = optimizer.exportState();
    optimizer.importState({ ...state, schedule: { reductions: 9e15, best: 1, badReports: 0, cooldownLeft: 0 } });
    let lr = 0;
    expect(timed(() => (lr = optimizer.learningRate))).toBeLessThan(100);
    expect(lr).toBe(1e-3);
  });

  test('reduceOnPlateau past 10,000 cuts continues them in closed form while they still lower the rate by more than 1e-8', () => {
    const h = { factor: 0.9999, minLearningRate: 0 };
    const loop = (reductions: number) => {
      let lr = 1e6;
      for (let i = 0; i < reductions; i++) {
        const reduced = Math.max(lr * h.factor, h.minLearningRate);
        if (lr - reduced > 1e-8) lr = reduced;
      }
      return lr;
    };
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1e6 }, schedule: { type: 'reduceOnPlateau', ...h } });
    const state = optimizer.exportState();
    for (const reductions of [9_999, 10_000, 25_000, 400_000]) {
      optimizer.importState({ ...state, schedule: { reductions, best: null, badReports: 0, cooldownLeft: 0 } });
      expect(optimizer.learningRate / loop(reductions)).toBeCloseTo(1, 9);
    }
  });
});
