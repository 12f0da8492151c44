import { select, type Operand, type Value } from './expression';

/**
 * The layer-wise trust ratio of LAMB and LARS, as optax's `scale_by_trust_ratio`:
 * `coefficient·‖p‖/(‖u‖ + epsilon)`, or exactly 1 when either norm is 0 (a fresh zero
 * tensor, or a zero step). Its arguments are the two norms, per-tensor sums broadcast.
 */
export function trustRatio(paramNorm: Value, updateNorm: Value, coefficient: Operand = 1, epsilon: Operand = 0): Value {
  const ratio = paramNorm.mul(coefficient).div(updateNorm.add(epsilon));
  return select(paramNorm.le(0), 1, select(updateNorm.le(0), 1, ratio));
}
