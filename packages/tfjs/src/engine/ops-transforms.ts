import * as tf from '@tensorflow/tfjs';
import {
  createTransform,
  DescentError,
  globalNormScale,
  isPlainObject,
  resolveFields,
  transforms as transformDefinitions,
  type GradientTransform,
  type Json,
  type TransformConfig,
} from '@descent/spec';

/** What a tf-ops transform sees of one variable; it replaces `grad` with its result. */
export interface TensorView {
  readonly name: string;
  readonly param: tf.Tensor;
  grad: tf.Tensor;
  readonly regularize: boolean;
}

/**
 * A spec gradient transform with its element-wise work in tf ops. Validation, fields and
 * the skip decisions are the spec's (`createTransform`); `apply` runs inside a tidy.
 */
export interface OpsTransform {
  readonly type: TransformConfig['type'];
  /** Transforms the gradients; false when no update should happen this call (accumulating). */
  apply(views: TensorView[]): boolean;
  /** The spec transform's skip decision for a non-finite step (skipNonFinite only). */
  admitNonFinite?(): boolean;
  /** Called after every step whose gradients were finite. */
  onFiniteStep(): void;
  /** State in the spec transform's format. */
  exportState(): Json;
  importState(state: Json): void;
  /** Drops what it keeps for these tensors (all when no names are given), as the spec transform's forget. */
  forget?(names?: readonly string[]): void;
  /** Releases the tensors it keeps. */
  dispose(): void;
}

type Fields = Record<string, number>;

function fieldsOf(config: TransformConfig, where: string): Fields {
  const definition = transformDefinitions[config.type];
  return resolveFields<object>(`${where}(${config.type})`, definition.fields, config) as Fields;
}

/** Adapts a spec transform that has no element-wise state: its own state and decisions, our ops. */
function around(spec: GradientTransform, apply: OpsTransform['apply']): OpsTransform {
  return {
    type: spec.type as TransformConfig['type'],
    apply,
    admitNonFinite: spec.admitNonFinite === undefined ? undefined : () => (spec.admitNonFinite as () => boolean)(),
    onFiniteStep: () => spec.onFiniteStep?.(),
    exportState: () => spec.exportState(),
    importState: (state) => spec.importState(state),
    dispose: () => undefined,
  };
}

/**
 * Gradient accumulation with the sums kept as tensors: every `steps`-th call the gradient
 * becomes the mean of the calls and every sum starts again at zero (also for a tensor
 * missing from that call), as the spec's accumulate; state in its `{ calls, sums }` format.
 */
function accumulate(steps: number, where: string): OpsTransform {
  let calls = 0;
  const sums = new Map<string, tf.Tensor>();
  const replace = (name: string, next: tf.Tensor) => {
    sums.get(name)?.dispose();
    sums.set(name, tf.keep(next));
  };
  return {
    type: 'accumulate',
    apply(views) {
      calls++;
      const ready = calls === steps;
      for (const view of views) {
        const sum = sums.get(view.name);
        const total = sum === undefined || sum.size !== view.grad.size ? view.grad : sum.reshape(view.grad.shape).add(view.grad);
        if (ready) view.grad = total.div(steps);
        else replace(view.name, total === view.grad ? view.grad.clone() : total);
      }
      if (ready) {
        calls = 0;
        for (const [name, sum] of sums) replace(name, tf.zerosLike(sum));
      }
      return ready;
    },
    forget(names) {
      for (const name of names ?? [...sums.keys()]) {
        sums.get(name)?.dispose();
        sums.delete(name);
      }
    },
    onFiniteStep: () => undefined,
    exportState: () => ({
      calls,
      sums: Object.fromEntries([...sums].map(([name, sum]) => [name, Array.from(sum.dataSync())])),
    }),
    importState(state) {
      if (!isPlainObject(state) || !Number.isInteger(state.calls) || !isPlainObject(state.sums)) {
        throw new DescentError(`${where} state`, state, '{ calls, sums } from exportState');
      }
      const entries = Object.entries(state.sums);
      if (!entries.every(([, values]) => Array.isArray(values) && values.every((v) => typeof v === 'number'))) {
        throw new DescentError(`${where} state.sums`, state.sums, 'arrays of numbers by tensor name');
      }
      for (const sum of sums.values()) sum.dispose();
      sums.clear();
      for (const [name, values] of entries) sums.set(name, tf.keep(tf.tensor1d(values as number[], 'float32')));
      calls = state.calls as number;
    },
    dispose() {
      for (const sum of sums.values()) sum.dispose();
      sums.clear();
    },
  };
}

/** Builds the tf-ops form of a transform config (validated by the spec). */
export function createOpsTransform(config: TransformConfig, where: string): OpsTransform {
  const spec = createTransform(config, where);
  const fields = fieldsOf(config, where);
  switch (config.type) {
    case 'clipByValue':
      return around(spec, (views) => {
        for (const view of views) view.grad = tf.clipByValue(view.grad, -fields.clipValue, fields.clipValue);
        return true;
      });
    case 'clipByGlobalNorm':
      return around(spec, (views) => {
        if (views.length === 0) return true;
        const squares = tf.addN(views.map((view) => view.grad.square().sum()));
        const scale = globalNormScale(Math.sqrt(squares.dataSync()[0]), fields.maxNorm);
        if (scale !== 1) for (const view of views) view.grad = view.grad.mul(scale);
        return true;
      });
    case 'l1':
      return around(spec, (views) => {
        for (const view of views) if (view.regularize) view.grad = view.grad.add(view.param.sign().mul(fields.strength));
        return true;
      });
    case 'l2':
      return around(spec, (views) => {
        for (const view of views) if (view.regularize) view.grad = view.grad.add(view.param.mul(fields.strength));
        return true;
      });
    case 'skipNonFinite':
      return around(spec, () => true);
    case 'accumulate':
      return accumulate(fields.steps, `${where}(accumulate)`);
  }
}
