import { DescentError } from '../errors';
import { isPlainObject, positiveInteger, required } from '../fields';
import type { ArrayMath } from '../optimizer/array-math';
import type { Json } from '../schedules/schedule';
import type { GradientTransform, TransformDefinition } from './transform';

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
  create({ steps }, where): GradientTransform {
    let calls = 0;
    // The sums are arrays of the optimizer's engine; their type is the engine's.
    const sums = new Map<string, unknown>();
    const drop = <A>(math: ArrayMath<A>, name: string) => {
      const sum = sums.get(name) as A | undefined;
      if (sum !== undefined) math.release(sum);
      sums.delete(name);
    };
    return {
      type: 'accumulate',
      apply(tensors, math) {
        type A = (typeof tensors)[number]['grad'];
        calls++;
        const ready = calls === steps;
        for (const tensor of tensors) {
          const sum = sums.get(tensor.name) as A | undefined;
          const held = sum !== undefined && math.size(sum) === math.size(tensor.grad) ? sum : null;
          if (ready) {
            tensor.grad = held === null ? math.scale(tensor.grad, 1 / steps) : math.blend(tensor.grad, held, 1 / steps, 1 / steps);
          } else {
            sums.set(tensor.name, math.hold(held === null ? math.copy(tensor.grad, null) : math.addScaled(held, tensor.grad, 1), sum ?? null));
          }
        }
        if (ready) {
          calls = 0;
          for (const [name, sum] of sums) sums.set(name, math.hold(math.scale(sum as A, 0), sum as A));
        }
        return ready;
      },
      counters: () => calls,
      restoreCounters(saved) {
        if (typeof saved === 'number') calls = saved;
      },
      forget(math, names) {
        for (const name of names ?? [...sums.keys()]) drop(math, name);
      },
      exportState: <A>(math: ArrayMath<A>) => ({
        calls,
        sums: Object.fromEntries([...sums].map(([name, sum]) => [name, Array.from(math.read(sum as A))])),
      }),
      importState(state: Json, math, lengths) {
        if (!isPlainObject(state) || !isPlainObject(state.sums)) throw new DescentError(`${where} state`, state, '{ calls, sums } from exportState');
        if (!Number.isInteger(state.calls) || (state.calls as number) < 0 || (state.calls as number) >= steps) {
          throw new DescentError(`${where} state.calls`, state.calls, `an integer in [0, ${steps - 1}]`);
        }
        for (const [name, values] of Object.entries(state.sums)) {
          const length = lengths.get(name);
          if (length === undefined) throw new DescentError(`${where} state.sums["${name}"]`, name, 'the name of a tensor in the optimizer state');
          if (!Array.isArray(values) || values.length !== length || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
            throw new DescentError(`${where} state.sums["${name}"]`, values, `an array of ${length} finite numbers, the length of that tensor`);
          }
        }
        for (const name of [...sums.keys()]) drop(math, name);
        calls = state.calls as number;
        for (const [name, values] of Object.entries(state.sums)) {
          sums.set(name, math.hold(math.write(Float64Array.from(values as number[]), [(values as number[]).length]), null));
        }
      },
    };
  },
};
