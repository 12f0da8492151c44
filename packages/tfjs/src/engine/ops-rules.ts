import * as tf from '@tensorflow/tfjs';
import type {
  AdadeltaCoefficients,
  AdagradCoefficients,
  AdamaxCoefficients,
  AdamCoefficients,
  FirstOrderRuleType,
  LionCoefficients,
  NadamCoefficients,
  RadamCoefficients,
  RmspropCoefficients,
  SgdCoefficients,
} from '@descent/core';

/** The new parameter and the new slots (in the rule's slot order) of one update. */
export interface OpsUpdateResult {
  readonly param: tf.Tensor;
  readonly slots: tf.Tensor[];
}

/**
 * One rule's element-wise update of one tensor in tf ops, from the coefficients the
 * spec's `rules[type].coefficients` computed for this step. Runs inside a tidy.
 */
export type OpsUpdate<C> = (p: tf.Tensor, g: tf.Tensor, slots: readonly tf.Tensor[], c: C) => OpsUpdateResult;

/** g + decay·p (coupled weight decay), or g itself when decay is 0. */
function decayed(g: tf.Tensor, p: tf.Tensor, decay: number): tf.Tensor {
  return decay === 0 ? g : g.add(p.mul(decay));
}

/** β·s + (1 − β)·x: the running averages every adaptive rule keeps. */
function blend(s: tf.Tensor, x: tf.Tensor, beta: number): tf.Tensor {
  return s.mul(beta).add(x.mul(1 - beta));
}

const sgd: OpsUpdate<SgdCoefficients> = (p, g, slots, c) => {
  const d = decayed(g, p, c.weightDecay);
  if (slots.length === 0) return { param: p.sub(d.mul(c.lr)), slots: [] };
  const b = slots[0].mul(c.first ? 0 : c.momentum).add(d.mul(c.gradientScale));
  const step = c.nesterov ? d.add(b.mul(c.momentum)) : b;
  return { param: p.sub(step.mul(c.lr)), slots: [b] };
};

const adagrad: OpsUpdate<AdagradCoefficients> = (p, g, [sum], c) => {
  const d = decayed(g, p, c.weightDecay);
  const s = sum.add(d.square());
  return { param: p.sub(d.mul(c.stepSize).div(s.sqrt().add(c.epsilon))), slots: [s] };
};

const rmsprop: OpsUpdate<RmspropCoefficients> = (p, g, slots, c) => {
  const d = decayed(g, p, c.weightDecay);
  const v = blend(slots[0], d.square(), c.decay);
  const next = [v];
  let denominator: tf.Tensor;
  if (c.centered) {
    const average = blend(slots[1], d, c.decay);
    next.push(average);
    denominator = v.sub(average.square()).sqrt().add(c.epsilon);
  } else {
    denominator = v.sqrt().add(c.epsilon);
  }
  if (c.momentum > 0) {
    const b = slots[slots.length - 1].mul(c.momentum).add(d.div(denominator));
    next.push(b);
    return { param: p.sub(b.mul(c.lr)), slots: next };
  }
  return { param: p.sub(d.mul(c.lr).div(denominator)), slots: next };
};

const adam: OpsUpdate<AdamCoefficients> = (p, g, slots, c) => {
  const d = decayed(g, p, c.gradientDecay);
  const m = blend(slots[0], d, c.beta1);
  const v = blend(slots[1], d.square(), c.beta2);
  const used = slots.length === 3 ? tf.maximum(slots[2], v) : v;
  const base = c.parameterScale === 1 ? p : p.mul(c.parameterScale);
  const param = base.sub(m.mul(c.stepSize).div(used.sqrt().mul(c.denominatorScale).add(c.epsilon)));
  return { param, slots: slots.length === 3 ? [m, v, used] : [m, v] };
};

const adamax: OpsUpdate<AdamaxCoefficients> = (p, g, [m0, u0], c) => {
  const d = decayed(g, p, c.weightDecay);
  const m = blend(m0, d, c.beta1);
  const u = tf.maximum(u0.mul(c.beta2), d.abs().add(c.epsilon));
  return { param: p.sub(m.mul(c.stepSize).div(u)), slots: [m, u] };
};

const nadam: OpsUpdate<NadamCoefficients> = (p, g, [m0, v0], c) => {
  const d = decayed(g, p, c.weightDecay);
  const m = blend(m0, d, c.beta1);
  const v = blend(v0, d.square(), c.beta2);
  const denominator = v.sqrt().mul(c.denominatorScale).add(c.epsilon);
  return { param: p.sub(d.mul(c.gradientStep).add(m.mul(c.momentStep)).div(denominator)), slots: [m, v] };
};

const radam: OpsUpdate<RadamCoefficients> = (p, g, [m0, v0], c) => {
  const d = decayed(g, p, c.weightDecay);
  const m = blend(m0, d, c.beta1);
  const v = blend(v0, d.square(), c.beta2);
  const step = c.rectified ? m.mul(c.stepSize).div(v.sqrt().add(c.epsilon)) : m.mul(c.stepSize);
  return { param: p.sub(step), slots: [m, v] };
};

const adadelta: OpsUpdate<AdadeltaCoefficients> = (p, g, [s0, u0], c) => {
  const d = decayed(g, p, c.weightDecay);
  const s = blend(s0, d.square(), c.rho);
  const delta = u0.add(c.epsilon).sqrt().div(s.add(c.epsilon).sqrt()).mul(d);
  const u = blend(u0, delta.square(), c.rho);
  return { param: p.sub(delta.mul(c.lr)), slots: [s, u] };
};

const lion: OpsUpdate<LionCoefficients> = (p, g, [m0], c) => {
  const direction = blend(m0, g, c.beta1).sign();
  const base = c.parameterScale === 1 ? p : p.mul(c.parameterScale);
  return { param: base.sub(direction.mul(c.lr)), slots: [blend(m0, g, c.beta2)] };
};

const updates: { readonly [K in FirstOrderRuleType]: OpsUpdate<never> } = {
  sgd,
  adagrad,
  rmsprop,
  adam,
  adamw: adam,
  adamax,
  nadam,
  radam,
  adadelta,
  lion,
};

/** The tf-ops update of a rule; `c` must come from that rule's `coefficients`. */
export function opsUpdate(type: FirstOrderRuleType): OpsUpdate<object> {
  return updates[type] as OpsUpdate<object>;
}
