/**
 * The fuzz suite of the core's load paths: exported optimizer and L-BFGS states and
 * optimizer configs, with hostile values planted anywhere or replaced by anything at all.
 * Every load succeeds or throws a DescentError, in bounded time; a refused one changes
 * nothing; an accepted one can be read and stepped (again: success or a DescentError).
 */
import fc from 'fast-check';
import { createLbfgs, createOptimizer, DescentError, rosenbrock, type OptimizerConfig } from '../src';
import { allFinite, anyState, encodedEdits, expectAtomicLoad, hostileEdits, LOAD_TIME_LIMIT_MS, type Tally } from './hostile';

const RUNS = 100;

const CONFIGS: [string, OptimizerConfig][] = [
  [
    'adam (amsgrad) with every transform, EMA, reduceOnPlateau and groups',
    {
      rule: { type: 'adam', amsgrad: true },
      schedule: { type: 'sequential', schedules: [{ type: 'cosineRestarts', firstDecaySteps: 2 }, { type: 'reduceOnPlateau', patience: 0 }], milestones: [2] },
      transforms: [{ type: 'skipNonFinite', maxConsecutive: 4 }, { type: 'accumulate', steps: 3 }, { type: 'clipByGlobalNorm', maxNorm: 1 }, { type: 'l2', strength: 0.01 }],
      average: { type: 'ema', decay: 0.9 },
      groups: [{ pattern: '^(b|c)+$', weightDecay: 0 }],
    },
  ],
  ['nadam (a scalar state)', { rule: { type: 'nadam' }, average: { type: 'polyak' } }],
  ['rprop (step sizes)', { rule: { type: 'rprop' } }],
  ['sgd without momentum (no slots)', { rule: { type: 'sgd', learningRate: 0.1 } }],
];

const params = () => [
  { name: 'w', values: new Float32Array([0.5, -0.25, 1]), shape: [3] },
  { name: 'b', values: new Float32Array([0.1]) },
];
const grads = () => [new Float32Array([0.1, -0.2, 0.3]), new Float32Array([0.4])];

function trained(config: OptimizerConfig) {
  const optimizer = createOptimizer(config, 'js');
  const p = params();
  for (let i = 0; i < 4; i++) {
    optimizer.step(p, grads());
    optimizer.reportMetric(1);
  }
  return optimizer;
}

/** The hostile states a fuzz test loads: edits of a valid one, hostile values in its arrays (when it has any), anything at all. */
function kindsOfState(valid: unknown): [string, fc.Arbitrary<unknown>][] {
  const arrays = encodedEdits(valid);
  return [
    ['hostile edits of a valid state', hostileEdits(valid)],
    ...(arrays === null ? [] : [['hostile values in its arrays', arrays] as [string, fc.Arbitrary<unknown>]]),
    ['anything in place of a state', anyState],
  ];
}

/** After an accepted load: the rate reads and a step runs (or is refused by name), each in bounded time. */
function useAccepted(run: () => unknown): void {
  const started = Date.now();
  try {
    run();
  } catch (error) {
    if (!(error instanceof DescentError)) throw error;
  }
  expect(Date.now() - started).toBeLessThan(LOAD_TIME_LIMIT_MS);
}

describe.each(CONFIGS)('core importState fuzzed: %s', (_name, config) => {
  const valid = JSON.parse(JSON.stringify(trained(config).exportState())) as unknown;

  test.each(kindsOfState(valid))('%s', (_kind, states) => {
    const tally: Tally = { accepted: 0, refused: 0 };
    const optimizer = trained(config);
    fc.assert(
      fc.property(states, (state) => {
        expectAtomicLoad(() => optimizer.importState(state as never), () => optimizer.exportState(), tally);
        useAccepted(() => optimizer.learningRate);
        const p = params();
        useAccepted(() => optimizer.step(p, grads()));
        // An accepted state cannot poison the parameters: finite gradients keep them finite.
        for (const { values } of p) expect(allFinite(values)).toBe(true);
      }),
      { numRuns: RUNS, seed: 13 },
    );
    expect(tally.accepted + tally.refused).toBe(RUNS);
    expect(tally.refused).toBeGreaterThan(0);
  });
});

describe('L-BFGS importState fuzzed', () => {
  const problem = rosenbrock({}, 3);
  const objective = (x: Float64Array) => {
    const gradient = new Float64Array(3);
    return { loss: problem.evaluate(x, gradient), gradient };
  };
  const stepped = () => {
    const lbfgs = createLbfgs({ type: 'lbfgs', historySize: 3, maxIter: 4 });
    lbfgs.step(Float64Array.from([-1, 1, 0.5]), objective);
    return lbfgs;
  };
  const valid = JSON.parse(JSON.stringify(stepped().exportState())) as unknown;

  test.each(kindsOfState(valid))('%s', (_kind, states) => {
    const tally: Tally = { accepted: 0, refused: 0 };
    const lbfgs = stepped();
    fc.assert(
      fc.property(states, (state) => {
        expectAtomicLoad(() => lbfgs.importState(state as never), () => lbfgs.exportState(), tally);
        const x = Float64Array.from([0.5, 0.5, 0.5]);
        useAccepted(() => lbfgs.step(x, objective));
        expect(allFinite(x)).toBe(true);
      }),
      { numRuns: RUNS, seed: 13 },
    );
    expect(tally.refused).toBeGreaterThan(0);
  });
});

/** A config whose one group has this pattern. */
const groupPattern = (pattern: string) => ({ rule: { type: 'sgd' }, groups: [{ pattern }] });

/** Patterns built of quantified groups inside quantified groups: what makes a backtracking matcher explode. */
const nestedQuantifiers: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3, depthBias: 0.1 },
    fc.constantFrom('b', 'b?', 'b*', '.', '\\w'),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `${a}${b}`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie('node'), fc.constantFrom('+', '*', '{2,}')).map(([a, q]) => `(${a})${q}`),
  ),
})).node;

describe('optimizer configs fuzzed (what a model file carries)', () => {
  const valid = JSON.parse(JSON.stringify(CONFIGS[0][1])) as unknown;
  const longName = `${'b'.repeat(40)}!`;

  test.each([
    ['hostile edits of a valid config', hostileEdits(valid)],
    ['random patterns in a group', fc.string({ unit: fc.constantFrom('(', ')', 'b', '+', '*', '?', '|', '\\', '1', '[', ']', '{', '}', ',', '2', '^', '$', '.') }).map(groupPattern)],
    ['nested quantified groups in a group pattern', nestedQuantifiers.map((body) => groupPattern(`^${body}$`))],
  ])('%s: a DescentError or an optimizer that steps in bounded time', (_kind, configs) => {
    let made = 0;
    fc.assert(
      fc.property(configs, (config) => {
        let optimizer: ReturnType<typeof createOptimizer> | null = null;
        useAccepted(() => (optimizer = createOptimizer(config as OptimizerConfig, 'js')));
        if (optimizer === null) return;
        made++;
        const live: ReturnType<typeof createOptimizer> = optimizer;
        useAccepted(() => live.step([{ name: longName, values: new Float32Array(2) }], [new Float32Array([1, 1])]));
        useAccepted(() => live.learningRate);
      }),
      { numRuns: 2 * RUNS, seed: 13 },
    );
    expect(made).toBeGreaterThan(0);
  });
});
