export { createAverager } from './average';
export type { AverageConfig, EmaConfig, PolyakConfig, Averager } from './average';
