import { DescentError } from '../errors';
import { isPlainObject, positiveInteger, resolveFields, type Check, type Fields } from '../fields';
import { select } from '../rules/expression';
import { composedUpdate, decayCoefficients } from '../rules/program';
import type { AnyRuleDefinition } from '../rules/rule';

/** `lookahead: { k, alpha }`: Lookahead (Zhang et al. 2019) around the rule. */
export interface LookaheadConfig {
  /** Fast steps between synchronisations. Default 5. */
  k?: number;
  /** How far the slow weights move toward the fast ones at a synchronisation, in (0, 1]. Default 0.5. */
  alpha?: number;
}

/** A number in (0, 1]. */
const halfOpenUnitInterval: Check<number> = {
  allowed: 'a number in (0, 1]',
  test: (v): v is number => typeof v === 'number' && v > 0 && v <= 1,
};

const lookaheadFields: Fields<{ k: number; alpha: number }> = {
  k: { default: 5, check: positiveInteger, doc: 'Fast steps between synchronisations.' },
  alpha: { default: 0.5, check: halfOpenUnitInterval, doc: 'Step of the slow weights toward the fast ones.' },
};

/** The slot that holds the slow weights (named so that no rule's own slot can clash with it). */
const SLOW = 'lookaheadSlow';

/**
 * The rule wrapped in Lookahead (Zhang et al. 2019; optax.lookahead, torch_optimizer
 * Lookahead): the rule takes its steps on the parameters (the fast weights); slow weights
 * φ, which start at the parameters, are kept in one more slot. After every k-th step of a
 * tensor, `φ ← φ + alpha·(p − φ)` and `p ← φ`; the rule's own state carries on. The result
 * is again an element-wise rule, so every backend prints it fused like any other.
 */
export function withLookahead(rule: AnyRuleDefinition, config: unknown, where = 'lookahead'): AnyRuleDefinition {
  if (!isPlainObject(config)) throw new DescentError(where, config, 'a lookahead config: { k, alpha }');
  const { k, alpha } = resolveFields(where, lookaheadFields, config);
  return {
    ...rule,
    weightDecay: undefined,
    slots: (h, rank) => [...rule.slots(h, rank), SLOW],
    coefficients: (h, step, scalars) => ({
      ...rule.coefficients(h, step, scalars),
      ...decayCoefficients(rule, h, step.lr),
      lookaheadFirst: step.t === 1 ? 1 : 0,
      lookaheadSync: step.t % k === 0 ? 1 : 0,
      lookaheadAlpha: alpha,
    }),
    update(inputs, h) {
      const { param, c } = inputs;
      const inner = composedUpdate(rule, inputs, h);
      const slowBefore = select(c.lookaheadFirst.gt(0), param, inputs.slots[SLOW]);
      const synced = slowBefore.add(inner.param.sub(slowBefore).mul(c.lookaheadAlpha));
      const sync = c.lookaheadSync.gt(0);
      return { param: select(sync, synced, inner.param), slots: { ...inner.slots, [SLOW]: select(sync, synced, slowBefore) } };
    },
  };
}
