export { jsKernel, jsReductionKernel, printJs, printJsReduction } from './js-kernel';
export type { JsKernel } from './js-kernel';
export { printExpression } from './print-expression';
export type { ExpressionSyntax } from './print-expression';
