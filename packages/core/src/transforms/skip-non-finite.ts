import { DescentError } from '../errors';
import { boolean, isPlainObject, nonNegativeInteger } from '../fields';
import type { TransformDefinition } from './transform';

/** `{ type: "skipNonFinite" }`: a step whose gradients hold NaN or ±Inf changes nothing and is counted. */
export interface SkipNonFiniteConfig {
  type: 'skipNonFinite';
  /** Give up (throw) after this many skipped steps in a row; 0 never gives up. Default 0. */
  maxConsecutive?: number;
  /**
   * Also skip a step whose result is not finite: a parameter or slot the rule would leave
   * NaN or ±Inf from finite gradients (an l2 strength of 1e38, a learning rate of 1e30,
   * squares of gradients past the float32 range). Costs a copy of the parameters and slots
   * each step. Default false: such a step is applied, as in torch.
   */
  guardResult?: boolean;
}

/** Skips non-finite steps; the optimizer asks it through `admitNonFinite` before changing anything. */
export const skipNonFinite: TransformDefinition<{ maxConsecutive: number; guardResult: boolean }> = {
  type: 'skipNonFinite',
  fields: { maxConsecutive: { default: 0, check: nonNegativeInteger }, guardResult: { default: false, check: boolean } },
  create({ maxConsecutive, guardResult }, where) {
    let consecutive = 0;
    return {
      type: 'skipNonFinite',
      guardsResult: guardResult,
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
        if (!isPlainObject(state)) throw new DescentError(`${where} state`, state, '{ consecutive } from exportState');
        const most = maxConsecutive > 0 ? maxConsecutive : Number.MAX_SAFE_INTEGER;
        if (!Number.isSafeInteger(state.consecutive) || (state.consecutive as number) < 0 || (state.consecutive as number) > most) {
          throw new DescentError(`${where} state.consecutive`, state.consecutive, `an integer in [0, ${most}]`);
        }
        consecutive = state.consecutive as number;
      },
    };
  },
};
