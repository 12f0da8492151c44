export { withLookahead } from './lookahead';
export type { LookaheadConfig } from './lookahead';
