export { withLookahead } from './lookahead';
export type { LookaheadConfig } from './lookahead';
export { resolveSam, samFactor, SharpnessAware } from './sam';
export type { ResolvedSam, SamConfig } from './sam';
