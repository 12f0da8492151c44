import { describeConformance, vectorFiles } from '../src/jest';
import { coreTarget } from '../src';

// The whole committed optimizer suite against the core's two targets.
describe('reference target', () => describeConformance(() => coreTarget('reference')));
describe('core target', () => describeConformance(() => coreTarget('core')));
describe('core target with the JavaScript kernels (where WebAssembly SIMD is missing)', () => describeConformance(() => coreTarget('core', 'js')));

test('the committed vectors cover every rule, schedule, transform and averaging mode', () => {
  const { readVectorFile } = jest.requireActual('../src') as typeof import('../src');
  const { ruleTypes, scheduleTypes, transformTypes } = jest.requireActual('@descent/core') as typeof import('@descent/core');
  const cases = vectorFiles('descent-conformance/1').flatMap((path) => readVectorFile(path).cases) as import('../src').OptimizerCase[];
  const seen = (pick: (c: import('../src').OptimizerCase) => unknown[]) => new Set(cases.flatMap(pick));
  const rules = seen((c) => [c.optimizer.type]);
  for (const type of [...ruleTypes, 'lbfgs']) expect(rules).toContain(type);
  const schedules = seen((c) => (c.schedule ? [c.schedule.type] : []));
  for (const type of scheduleTypes) expect(schedules).toContain(type);
  const transforms = seen((c) => (c.transforms ?? []).map((t) => t.type));
  for (const type of transformTypes) expect(transforms).toContain(type);
  const averages = seen((c) => (c.average ? [c.average.type] : []));
  expect([...averages].sort()).toEqual(['ema', 'polyak']);
  expect(cases.some((c) => c.optimizer.type === 'lbfgs' && c.optimizer.lineSearch === 'strongWolfe')).toBe(true);
  expect(cases.some((c) => c.optimizer.type === 'lbfgs' && (c.optimizer.lineSearch ?? null) === null)).toBe(true);
  expect(cases.filter((c) => c.objective !== undefined).map((c) => c.objective?.type).sort()).toEqual(expect.arrayContaining(['quadratic', 'rosenbrock']));
});

test('cases in nets/ train a net: a target that trains none fails them, naming the objective it does not know', async () => {
  const { readVectorFile, runOptimizerCase } = jest.requireActual('../src') as typeof import('../src');
  const files = vectorFiles('descent-conformance/1', 'nets');
  expect(files.length).toBeGreaterThan(0);
  expect(vectorFiles('descent-conformance/1').some((path) => files.includes(path))).toBe(false);
  const c = readVectorFile(files[0]).cases[0] as import('../src').OptimizerCase;
  const result = await runOptimizerCase(coreTarget('core'), c);
  expect(result.passed).toBe(false);
  expect(result.message).toMatch(/objective\.type = "brainRecurrent" is invalid/);
});
