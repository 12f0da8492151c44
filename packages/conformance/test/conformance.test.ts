import { describeConformance, vectorFiles } from '../src/jest';
import { specTarget } from '../src';

// The whole committed optimizer suite against the spec's two targets.
describe('reference target', () => describeConformance(() => specTarget('reference')));
describe('spec target', () => describeConformance(() => specTarget('spec')));
describe('spec target with the JavaScript kernels (where WebAssembly SIMD is missing)', () => describeConformance(() => specTarget('spec', 'js')));

test('the committed vectors cover every rule, schedule, transform and averaging mode', () => {
  const { readVectorFile } = jest.requireActual('../src') as typeof import('../src');
  const { ruleTypes, scheduleTypes, transformTypes } = jest.requireActual('@descent/spec') as typeof import('@descent/spec');
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
