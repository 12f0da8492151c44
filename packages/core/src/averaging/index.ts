export { createAverager } from './average';
export type { AverageConfig, EmaConfig, PolyakConfig, Averager, AverageCoefficients } from './average';
