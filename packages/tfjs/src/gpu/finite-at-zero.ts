import { jsKernel, type RuleProgram } from '@descent/core';

/** What finiteAtZero keeps per program: one-element inputs to probe with, and its last answer. */
interface ZeroProbe {
  readonly p: Float32Array;
  readonly g: Float32Array;
  readonly slots: readonly Float32Array[];
  /** The coefficients of the last probe (a copy: the caller reuses its array from step to step). */
  coefficients: Float64Array;
  finite: boolean;
}

const probes = new Map<string, ZeroProbe>();

/** True when `c` holds the same numbers as `kept` (NaN equal to NaN, so a NaN coefficient does not probe every step). */
function sameCoefficients(c: Float64Array, kept: Float64Array): boolean {
  if (c.length !== kept.length) return false;
  for (let i = 0; i < c.length; i++) if (!Object.is(c[i], kept[i])) return false;
  return true;
}

/**
 * True when the update maps all-zero inputs to finite outputs with these coefficients. The
 * padding lanes of packed textures hold zeros (tfjs keeps them so, and its packed ops read
 * them: a matMul multiplies them by zero), and one draw writes whole texels without knowing
 * which lanes pad; an update that is not finite at zero (tf.train's centered RMSprop,
 * √(s − ā² − ε)) must go through the per-output programs, which zero those lanes.
 *
 * The answer depends on the coefficients (Adam's m/(√v + ε) at zero is 0/ε: finite unless
 * ε = 0), which may change every step (bias correction, a schedule). So it is kept per
 * program key with the coefficients it was found for: the rule's JavaScript kernel runs on
 * one kept zero element only when a program meets coefficients other than the last ones it
 * saw (variables stepped with the same coefficients share one probe), and nothing is
 * allocated after a program's first call.
 */
export function finiteAtZero(program: RuleProgram, c: Float64Array): boolean {
  let probe = probes.get(program.key);
  if (probe === undefined) {
    const one = () => new Float32Array(1);
    probe = { p: one(), g: one(), slots: program.slots.map(one), coefficients: new Float64Array(0), finite: false };
    probes.set(program.key, probe);
  } else if (sameCoefficients(c, probe.coefficients)) {
    return probe.finite;
  }
  const { p, g, slots } = probe;
  p[0] = 0;
  g[0] = 0;
  for (const s of slots) s[0] = 0;
  jsKernel(program)(p, g, slots, c);
  let finite = Number.isFinite(p[0]);
  for (const s of slots) if (!Number.isFinite(s[0])) finite = false;
  probe.finite = finite;
  if (probe.coefficients.length === c.length) probe.coefficients.set(c);
  else probe.coefficients = Float64Array.from(c);
  return probe.finite;
}
