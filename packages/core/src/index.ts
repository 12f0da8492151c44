/**
 * @descent/core — every technique of "Training Neural Networks, Part 2" defined once:
 * update rules, learning-rate schedules, gradient transforms, parameter averaging,
 * L-BFGS, dropout and the seeded generator. A float64 reference states each rule;
 * a fast Float32Array engine runs it. Backends (tfjs, brain.js) translate, never re-decide.
 *
 * @packageDocumentation
 */
export { DescentError, describeValue } from './errors';
export * from './fields';
export * from './rules';
export * from './schedules';
export * from './transforms';
export * from './averaging';
export * from './wrappers';
export * from './range-test';
export * from './optimizer';
export * from './kernels';
export * from './lbfgs';
export * from './objectives';
export * from './random';
export * from './dropout';
export { encodeBase64, decodeBase64 } from './base64';
export * from './augment';

import type { FirstOrderRuleConfig } from './rules';
import type { LbfgsConfig } from './lbfgs';

/** The config of any update rule, first-order or L-BFGS. */
export type RuleConfig = FirstOrderRuleConfig | LbfgsConfig;
