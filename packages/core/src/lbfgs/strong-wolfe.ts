/** Loss and gradient of the objective at x + t·d (the line search's view of it). */
export type DirectionalObjective = (t: number) => { loss: number; gradient: Float64Array };

/** What the line search found: the step t, the loss and gradient there, and how many evaluations it took. */
export interface LineSearchResult {
  t: number;
  loss: number;
  gradient: Float64Array;
  evaluations: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the
 * bounds (default: between x1 and x2); the midpoint when the cubic has no minimum.
 */
export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [low, high] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minimum = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minimum, low), high);
  }
  return (low + high) / 2;
}

interface Point {
  t: number;
  f: number;
  g: Float64Array;
  gtd: number;
}

/**
 * torch's strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6): bracket
 * with cubic extrapolation, then zoom with safeguarded cubic interpolation. Constants
 * as in torch: c1 1e-4, c2 0.9, tolerance 1e-9, at most 25 evaluations.
 */
export function strongWolfe(
  evaluate: DirectionalObjective,
  t: number,
  d: Float64Array,
  f: number,
  g: Float64Array,
  gtd: number,
): LineSearchResult {
  const c1 = 1e-4;
  const c2 = 0.9;
  const toleranceChange = 1e-9;
  const maxSteps = 25;
  let dNorm = 0;
  for (let i = 0; i < d.length; i++) dNorm = Math.max(dNorm, Math.abs(d[i]));
  let next = evaluate(t);
  let evaluations = 1;
  let current: Point = { t, f: next.loss, g: next.gradient, gtd: dot(next.gradient, d) };
  let previous: Point = { t: 0, f, g, gtd };
  let bracket: Point[] | null = null;
  let done = false;
  let steps = 0;
  while (steps < maxSteps) {
    if (current.f > f + c1 * current.t * gtd || (steps > 1 && current.f >= previous.f)) {
      bracket = [previous, current];
      break;
    }
    if (Math.abs(current.gtd) <= -c2 * gtd) {
      bracket = [current];
      done = true;
      break;
    }
    if (current.gtd >= 0) {
      bracket = [previous, current];
      break;
    }
    const minStep = current.t + 0.01 * (current.t - previous.t);
    const maxStep = current.t * 10;
    const tNext = cubicInterpolate(previous.t, previous.f, previous.gtd, current.t, current.f, current.gtd, [minStep, maxStep]);
    previous = current;
    next = evaluate(tNext);
    evaluations++;
    current = { t: tNext, f: next.loss, g: next.gradient, gtd: dot(next.gradient, d) };
    steps++;
  }
  if (steps === maxSteps || bracket === null) bracket = [{ t: 0, f, g, gtd }, current];
  let [low, high] = bracket[0].f <= bracket[bracket.length - 1].f ? [0, 1] : [1, 0];
  let insufficientProgress = false;
  while (!done && steps < maxSteps) {
    const [a, b] = bracket;
    if (Math.abs(b.t - a.t) * dNorm < toleranceChange) break;
    let tNew = cubicInterpolate(a.t, a.f, a.gtd, b.t, b.f, b.gtd);
    const top = Math.max(a.t, b.t);
    const bottom = Math.min(a.t, b.t);
    const margin = 0.1 * (top - bottom);
    if (Math.min(top - tNew, tNew - bottom) < margin) {
      if (insufficientProgress || tNew >= top || tNew <= bottom) {
        tNew = Math.abs(tNew - top) < Math.abs(tNew - bottom) ? top - margin : bottom + margin;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    next = evaluate(tNew);
    evaluations++;
    steps++;
    const point: Point = { t: tNew, f: next.loss, g: next.gradient, gtd: dot(next.gradient, d) };
    if (point.f > f + c1 * point.t * gtd || point.f >= bracket[low].f) {
      bracket[high] = point;
      [low, high] = bracket[0].f <= bracket[1].f ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(point.gtd) <= -c2 * gtd) done = true;
      else if (point.gtd * (bracket[high].t - bracket[low].t) >= 0) bracket[high] = bracket[low];
      bracket[low] = point;
    }
  }
  const best = bracket[low];
  return { t: best.t, loss: best.f, gradient: best.g, evaluations };
}
