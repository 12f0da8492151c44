export { RangeTestRecorder, rangeTestRate, resolveRangeTest } from './range-test';
export type { RangeTestConfig, RangeTestResult, ResolvedRangeTest } from './range-test';
export { rangeTestSvg } from './plot';
export type { RangeTestPlotOptions } from './plot';
