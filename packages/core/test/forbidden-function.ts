/**
 * What `load` returns when it runs as on a page whose content security policy forbids
 * `new Function`: in a fresh module registry (nothing printed earlier is reused), with
 * `Function` throwing.
 */
export function withoutNewFunction<T>(load: () => T): T {
  let result: { value: T } | undefined;
  const saved = globalThis.Function;
  globalThis.Function = function forbidden() {
    throw new EvalError('new Function is forbidden here');
  } as unknown as FunctionConstructor;
  try {
    jest.isolateModules(() => {
      result = { value: load() };
    });
  } finally {
    globalThis.Function = saved;
  }
  if (result === undefined) throw new Error('load did not run');
  return result.value;
}
