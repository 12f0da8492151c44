/**
 * Saves that load without descent. A model saved with `includeOptimizer: true` names its
 * optimizer's class in its training config, and tfjs alone knows no `DescentAdam`: its
 * `tf.loadLayersModel` throws. `withoutDescent(handler)` saves the training config under
 * tfjs's own `Adagrad` class instead, with descent's class in a marker beside the config,
 * so an app that never imports descent loads the model (with a stand-in tfjs Adagrad
 * optimizer, for inference), and an app that imports descent resumes the descent
 * optimizer exactly: descent routes tfjs's `Adagrad` name through `fromStandIn`, which
 * builds the marked class and hands anything unmarked to tfjs's own Adagrad.
 */
import * as tf from '@tensorflow/tfjs';
import { DescentError, isPlainObject } from '@descent/core';

/** The tfjs optimizer class a portable save names: the one whose constructor and setWeights take any descent optimizer's config and weights. */
export const STAND_IN_CLASS = 'Adagrad';
/** The config key holding the descent class of a portable save: `{ name: "DescentAdam" }` (a `name` survives tfjs-layers' re-casing of strings). */
export const DESCENT_CLASS_KEY = 'descentClass';

type Registered = [tf.serialization.SerializableConstructor<tf.serialization.Serializable>, tf.serialization.FromConfigMethod<tf.serialization.Serializable>];

function registered(className: string): Registered | undefined {
  return tf.serialization.SerializationMap.getMap().classNameMap[className] as Registered | undefined;
}

/** tfjs's own Adagrad entry, taken before descent's routing replaces it. */
const tfjsAdagrad = registered(STAND_IN_CLASS);

/**
 * The entry registered under tfjs's `Adagrad` name: configs marked with a descent class
 * build that class (registered by descent under its own name); the others build tfjs's
 * Adagrad as before. It is never constructed itself.
 */
class StandInRouter extends tf.serialization.Serializable {
  static className = STAND_IN_CLASS;

  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const { [DESCENT_CLASS_KEY]: marker, ...rest } = config;
    if (marker === undefined) {
      if (tfjsAdagrad === undefined) throw new DescentError('optimizer className', STAND_IN_CLASS, 'a class tfjs registers (tfjs registered no Adagrad)');
      return tfjsAdagrad[1](tfjsAdagrad[0], config) as T;
    }
    const name = isPlainObject(marker) ? marker.name : undefined;
    const target = typeof name === 'string' ? registered(name) : undefined;
    if (target === undefined) throw new DescentError(`optimizer config.${DESCENT_CLASS_KEY}`, marker, '{ name } of a registered descent optimizer class');
    return target[1](target[0], rest) as T;
  }
}

tf.serialization.registerClass(StandInRouter);

/** The training config of a save, with a descent optimizer's class swapped for the stand-in and marked. */
function portableTrainingConfig(trainingConfig: tf.io.TrainingConfig): tf.io.TrainingConfig {
  const optimizer: unknown = trainingConfig.optimizer_config;
  if (!isPlainObject(optimizer) || !isPlainObject(optimizer.config)) return trainingConfig;
  const className = optimizer.class_name;
  const descent = typeof className === 'string' && className.startsWith('Descent') ? registered(className) : undefined;
  if (descent === undefined) return trainingConfig;
  const config = { ...optimizer.config, [DESCENT_CLASS_KEY]: { name: className } };
  return { ...trainingConfig, optimizer_config: { class_name: STAND_IN_CLASS, config } };
}

/**
 * A save handler that writes what `handler` writes (a handler, or a URL such as
 * `file://…` or `indexeddb://…`), with a descent optimizer's training config in the form
 * tfjs alone can load: `model.save(withoutDescent('file://model'), { includeOptimizer: true })`.
 * Without descent, `tf.loadLayersModel` gives the model and a stand-in tfjs Adagrad (for
 * inference: compile again to train there); with descent, the descent optimizer, exactly.
 */
export function withoutDescent(handler: string | tf.io.IOHandler): tf.io.IOHandler {
  const target = typeof handler === 'string' ? tf.io.getSaveHandlers(handler)[0] : handler;
  const save = target?.save?.bind(target);
  if (save === undefined) throw new DescentError('withoutDescent handler', handler, 'a save handler or a URL tfjs can save to (e.g. "file://…" with tfjs-node)');
  return {
    save: (artifacts) => save(artifacts.trainingConfig === undefined ? artifacts : { ...artifacts, trainingConfig: portableTrainingConfig(artifacts.trainingConfig) }),
  };
}
