import { resolveFields } from '../fields';
import { lookUpKind } from '../registry';
import { accumulate, type AccumulateConfig } from './accumulate';
import { clipByGlobalNorm, type ClipByGlobalNormConfig } from './clip-by-global-norm';
import { clipByValue, type ClipByValueConfig } from './clip-by-value';
import { l1, type L1Config } from './l1';
import { l2, type L2Config } from './l2';
import { skipNonFinite, type SkipNonFiniteConfig } from './skip-non-finite';
import type { AnyTransformDefinition, GradientTransform } from './transform';

export type { GradientTransform, TransformDefinition, TransformTensor, FloatArray, AnyTransformDefinition } from './transform';
export { globalNormScale, scaledGlobalNorm, scaledGlobalNormScale, type ScaledNorm } from '../optimizer/array-math';
export type { ClipByValueConfig, ClipByGlobalNormConfig, L1Config, L2Config, SkipNonFiniteConfig, AccumulateConfig };

/** The config of any gradient transform. */
export type TransformConfig =
  | ClipByValueConfig
  | ClipByGlobalNormConfig
  | L1Config
  | L2Config
  | SkipNonFiniteConfig
  | AccumulateConfig;

/** Every gradient transform by its `type`. */
export const transforms: Readonly<Record<TransformConfig['type'], AnyTransformDefinition>> = {
  clipByValue,
  clipByGlobalNorm,
  l1,
  l2,
  skipNonFinite,
  accumulate,
};

/** The `type` names of every gradient transform. */
export const transformTypes = Object.keys(transforms) as TransformConfig['type'][];

/** Validates a transform config and builds the transform. */
export function createTransform(config: unknown, where = 'transform'): GradientTransform {
  const { definition, type, config: checked } = lookUpKind(transforms, config, where, '{ type: "clipByGlobalNorm", maxNorm: 1 }');
  const name = `${where}(${type})`;
  return definition.create(resolveFields<object>(name, definition.fields, checked), name);
}
