import { DescentError } from '../errors';
import { isPlainObject, positiveInteger, required } from '../fields';
import type { Json } from '../schedules/schedule';
import type { FloatArray, TransformDefinition } from './transform';

/** `{ type: "accumulate" }`: gradient accumulation; every steps-th call updates with the mean gradient. */
export interface AccumulateConfig {
  type: 'accumulate';
  /** Calls per update. Required. */
  steps: number;
}

/**
 * Sums gradients per tensor name; on the steps-th call the gradient becomes the mean
 * of the calls and the chain goes on, otherwise it stops with no update. Every sum starts
 * again at zero after that call: a tensor missing from it loses its partial sum rather
 * than carrying it into the next window.
 */
export const accumulate: TransformDefinition<{ steps: number }> = {
  type: 'accumulate',
  fields: { steps: required(positiveInteger) },
  create({ steps }, where) {
    let calls = 0;
    const sums = new Map<string, FloatArray>();
    return {
      type: 'accumulate',
      apply(tensors) {
        calls++;
        const ready = calls === steps;
        for (const { name, grad } of tensors) {
          let sum = sums.get(name);
          if (sum === undefined || sum.length !== grad.length) {
            sum = new (grad.constructor as new (n: number) => FloatArray)(grad.length);
            sums.set(name, sum);
          } else if (sum.constructor !== grad.constructor) {
            sum = new (grad.constructor as new (values: FloatArray) => FloatArray)(sum);
            sums.set(name, sum);
          }
          if (ready) {
            for (let i = 0, n = grad.length; i < n; i++) grad[i] = (sum[i] + grad[i]) / steps;
          } else {
            for (let i = 0, n = grad.length; i < n; i++) sum[i] += grad[i];
          }
        }
        if (ready) {
          calls = 0;
          for (const sum of sums.values()) sum.fill(0);
        }
        return ready;
      },
      forget(names) {
        if (names === undefined) sums.clear();
        else for (const name of names) sums.delete(name);
      },
      exportState: () => ({
        calls,
        sums: Object.fromEntries([...sums].map(([name, sum]) => [name, Array.from(sum)])),
      }),
      importState(state: Json) {
        if (!isPlainObject(state) || !isPlainObject(state.sums)) throw new DescentError(`${where} state`, state, '{ calls, sums } from exportState');
        if (!Number.isInteger(state.calls) || (state.calls as number) < 0 || (state.calls as number) >= steps) {
          throw new DescentError(`${where} state.calls`, state.calls, `an integer in [0, ${steps - 1}]`);
        }
        for (const [name, values] of Object.entries(state.sums)) {
          if (!Array.isArray(values) || !values.every((v) => typeof v === 'number')) {
            throw new DescentError(`${where} state.sums.${name}`, values, 'an array of numbers');
          }
        }
        calls = state.calls as number;
        sums.clear();
        for (const [name, values] of Object.entries(state.sums)) sums.set(name, Float64Array.from(values as number[]));
      },
    };
  },
};
