import { DescentError } from '../errors';
import { boolean, oneOf, openUnitInterval, positive, positiveInteger, required } from '../fields';
import { closedForm, type ScheduleDefinition } from './schedule';

/** `{ type: "oneCycle" }`: the 1cycle policy (Smith), learning rate only (torch OneCycleLR). */
export interface OneCycleScheduleConfig {
  type: 'oneCycle';
  /** The peak rate. Required. The rule's learningRate is not used. */
  maxLearningRate: number;
  /** Steps in the cycle. Required. */
  totalSteps: number;
  /** Fraction of the cycle spent rising, in (0, 1). Default 0.3. */
  pctStart?: number;
  /** "cos" or "linear" annealing. Default "cos". */
  annealStrategy?: 'cos' | 'linear';
  /** Starting rate = maxLearningRate / divFactor. Default 25. */
  divFactor?: number;
  /** Final rate = starting rate / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** Rise, fall back to the start, then anneal to the final rate. Default false. */
  threePhase?: boolean;
}

type OneCycleFields = Required<Omit<OneCycleScheduleConfig, 'type'>>;

interface Phase {
  end: number;
  from: number;
  to: number;
}

function phases(h: OneCycleFields): Phase[] {
  const initial = h.maxLearningRate / h.divFactor;
  const final = initial / h.finalDivFactor;
  const rise = h.pctStart * h.totalSteps - 1;
  const last = h.totalSteps - 1;
  if (!h.threePhase) {
    return [
      { end: rise, from: initial, to: h.maxLearningRate },
      { end: last, from: h.maxLearningRate, to: final },
    ];
  }
  return [
    { end: rise, from: initial, to: h.maxLearningRate },
    { end: 2 * h.pctStart * h.totalSteps - 2, from: h.maxLearningRate, to: initial },
    { end: last, from: initial, to: final },
  ];
}

function anneal(strategy: 'cos' | 'linear', from: number, to: number, fraction: number): number {
  if (strategy === 'linear') return (to - from) * fraction + from;
  return to + ((from - to) / 2) * (Math.cos(Math.PI * fraction) + 1);
}

/** torch OneCycleLR's learning rate at step k; from the cycle's last step (totalSteps − 1) on, its final rate is held. */
export const oneCycle: ScheduleDefinition<OneCycleFields> = {
  type: 'oneCycle',
  fields: {
    maxLearningRate: required(positive),
    totalSteps: required(positiveInteger),
    pctStart: { default: 0.3, check: openUnitInterval },
    annealStrategy: { default: 'cos', check: oneOf('cos', 'linear') },
    divFactor: { default: 25, check: positive },
    finalDivFactor: { default: 1e4, check: positive },
    threePhase: { default: false, check: boolean },
  },
  refine(h, where) {
    const shortest = h.threePhase ? 2 / h.pctStart : 1 / h.pctStart;
    if (h.pctStart * h.totalSteps - 1 <= 0 || h.totalSteps <= shortest) {
      throw new DescentError(`${where}.totalSteps`, h.totalSteps, `more than ${Math.ceil(shortest)} steps so that every phase has at least one step at pctStart ${h.pctStart}`);
    }
  },
  create: closedForm<OneCycleFields>('oneCycle', (h, k) => {
    const step = Math.min(k, h.totalSteps - 1);
    const all = phases(h);
    const found = all.findIndex((phase) => step <= phase.end);
    const i = found === -1 ? all.length - 1 : found;
    const start = i === 0 ? 0 : all[i - 1].end;
    return anneal(h.annealStrategy, all[i].from, all[i].to, (step - start) / (all[i].end - start));
  }),
};
