import * as tf from '@tensorflow/tfjs';
import { DescentError, isPlainObject } from '@descent/core';
import type { VariableGradient } from '../step/step-path';

/** A gradient paired with its variable's name, as tfjs passes them to `applyGradients`. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

function entriesOf(variableGradients: unknown): [unknown, unknown][] {
  if (Array.isArray(variableGradients)) {
    return variableGradients.map((item, i) => {
      if (!isPlainObject(item)) throw new DescentError(`variableGradients[${i}]`, item, 'a { name, tensor } pair');
      return [item.name, item.tensor];
    });
  }
  if (isPlainObject(variableGradients)) return Object.entries(variableGradients);
  throw new DescentError('variableGradients', variableGradients, 'a map from variable name to gradient, or an array of { name, tensor }');
}

/**
 * Checks the gradients of a step and pairs each with its registered variable. A missing
 * gradient is skipped for a non-trainable variable (a frozen layer inside `fit`) and an
 * error for a trainable one; unknown names, dtypes and shapes are errors naming the variable.
 */
export function checkGradients(variableGradients: unknown): VariableGradient[] {
  const seen = new Set<string>();
  const updates: VariableGradient[] = [];
  for (const [name, gradient] of entriesOf(variableGradients)) {
    if (typeof name !== 'string') throw new DescentError('variableGradients name', name, 'a variable name (a string)');
    const where = `variableGradients["${name}"]`;
    if (seen.has(name)) throw new DescentError(where, name, 'one gradient per variable (this name appears twice)');
    seen.add(name);
    const variable = tf.engine().registeredVariables[name] as tf.Variable | undefined;
    if (variable === undefined) throw new DescentError(where, name, 'the name of a registered tf.Variable (no variable has this name)');
    if (gradient === undefined || gradient === null) {
      if (!variable.trainable) continue;
      throw new DescentError(where, gradient, `a gradient tensor: variable "${name}" is trainable but has none (is it connected to the loss?)`);
    }
    if (!(gradient instanceof tf.Tensor)) throw new DescentError(where, gradient, 'a tf.Tensor');
    if (gradient.isDisposed) throw new DescentError(where, `tensor ${gradient.id}`, 'a live tensor (this one is disposed)');
    if (variable.dtype !== 'float32') throw new DescentError(`variable "${name}".dtype`, variable.dtype, '"float32" (descent optimizers train float32 variables)');
    if (gradient.dtype !== 'float32') throw new DescentError(`${where}.dtype`, gradient.dtype, '"float32", the dtype of the variable');
    if (gradient.rank !== variable.rank || gradient.shape.some((d: number, i: number) => d !== variable.shape[i])) {
      throw new DescentError(`${where}.shape`, gradient.shape, `[${variable.shape.join(', ')}], the shape of variable "${name}"`);
    }
    updates.push({ name, variable, gradient });
  }
  return updates;
}
