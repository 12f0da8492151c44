export { Lbfgs, createLbfgs, LBFGS_STATE_FORMAT } from './lbfgs';
export type { LbfgsObjective, LbfgsStepResult, LbfgsState } from './lbfgs';
export { resolveLbfgs } from './config';
export type { LbfgsConfig, LbfgsHyperparameters } from './config';
export { strongWolfe, cubicInterpolate } from './strong-wolfe';
export type { DirectionalObjective, LineSearchResult } from './strong-wolfe';
