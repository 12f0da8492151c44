import { DescentError } from '../errors';
import { isPlainObject, nonNegativeInteger } from '../fields';
import type { TransformDefinition } from './transform';

/** `{ type: "skipNonFinite" }`: a step whose gradients hold NaN or ±Inf changes nothing and is counted. */
export interface SkipNonFiniteConfig {
  type: 'skipNonFinite';
  /** Give up (throw) after this many skipped steps in a row; 0 never gives up. Default 0. */
  maxConsecutive?: number;
}

/** Skips non-finite steps; the optimizer asks it through `admitNonFinite` before changing anything. */
export const skipNonFinite: TransformDefinition<{ maxConsecutive: number }> = {
  type: 'skipNonFinite',
  fields: { maxConsecutive: { default: 0, check: nonNegativeInteger } },
  create({ maxConsecutive }, where) {
    let consecutive = 0;
    return {
      type: 'skipNonFinite',
      apply: () => true,
      admitNonFinite() {
        if (maxConsecutive > 0 && consecutive + 1 > maxConsecutive) return false;
        consecutive++;
        return true;
      },
      onFiniteStep() {
        consecutive = 0;
      },
      exportState: () => ({ consecutive }),
      importState(state) {
        if (!isPlainObject(state) || !Number.isInteger(state.consecutive)) {
          throw new DescentError(`${where} state`, state, '{ consecutive } from exportState');
        }
        consecutive = state.consecutive as number;
      },
    };
  },
};
