import { DescentError, RangeTestRecorder, rangeTestSvg, resolveRangeTest } from '../src';

/** A loss curve with its steepest fall at 1e-3 per decade, that blows up past 0.1. */
const curve = (rate: number) => 2 - Math.tanh(Math.log10(rate) + 3) + (rate / 0.1) ** 4;

function run(config: object) {
  const recorder = new RangeTestRecorder(resolveRangeTest(config));
  for (let i = 0; recorder.record(curve(recorder.rate(i))); i++);
  return recorder.result();
}

test('rates grow geometrically from min to max', () => {
  const recorder = new RangeTestRecorder(resolveRangeTest({ minLearningRate: 1e-4, maxLearningRate: 1, steps: 5 }));
  [1e-4, 1e-3, 1e-2, 1e-1, 1].forEach((rate, i) => expect(recorder.rate(i)).toBeCloseTo(rate, 12));
});

test('unsmoothed, the suggestion is the steepest point of the curve; the test stops where the loss diverges', () => {
  const result = run({ smoothing: 0 });
  expect(Math.log10(result.suggestedLearningRate as number)).toBeCloseTo(-3, 1);
  expect(result.stopReason).toBe('diverged');
  const last = result.learningRates[result.learningRates.length - 1];
  expect(curve(last)).toBeGreaterThan(4 * Math.min(...result.losses.slice(0, -1)));
  expect(last).toBeLessThan(1);
  expect(result.losses).toEqual(result.learningRates.map(curve));
});

test('the default smoothing (0.98, bias-corrected) lags the curve: its suggestion is later, within a decade and a half', () => {
  const result = run({});
  const suggested = Math.log10(result.suggestedLearningRate as number);
  expect(suggested).toBeGreaterThan(-3);
  expect(suggested).toBeLessThan(-1.5);
  // The first smoothed value is the first loss itself (bias correction).
  expect(result.smoothedLosses[0]).toBeCloseTo(result.losses[0], 12);
});

test('a loss that never falls suggests nothing', () => {
  const recorder = new RangeTestRecorder(resolveRangeTest({ steps: 4, smoothing: 0 }));
  [1, 1.1, 1.2, 1.3].forEach((loss) => recorder.record(loss));
  expect(recorder.result().suggestedLearningRate).toBeNull();
  expect(recorder.result().stopReason).toBe('steps');
});

test('the SVG draws both curves point by point and marks the suggestion', () => {
  const result = run({ smoothing: 0.5 });
  const svg = rangeTestSvg(result, { width: 400, height: 250 });
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 250"')).toBe(true);
  const points = (cls: string) => (svg.match(new RegExp(`class="${cls}" points="([^"]*)"`)) as RegExpMatchArray)[1].split(' ');
  expect(points('smoothed')).toHaveLength(result.smoothedLosses.length);
  expect(points('loss')).toHaveLength(result.losses.length);
  expect(svg).toContain('class="suggested"');
  expect(svg).toContain('>1e-3</text>');
});

test.each([
  [{ minLearningRate: 1, maxLearningRate: 0.1 }, 'rangeTest.minLearningRate'],
  [{ steps: 2 }, 'rangeTest.steps'],
  [{ smoothing: 1 }, 'rangeTest.smoothing'],
  [{ rates: [1] }, 'rangeTest.rates'],
])('a bad config %p is named (%s)', (config, argument) => {
  let error: unknown;
  try {
    resolveRangeTest(config);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DescentError);
  expect((error as DescentError).argument).toBe(argument);
});
