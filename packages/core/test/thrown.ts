import { DescentError } from '../src';

/** The error `fn` throws, which must be a DescentError (the test fails when it throws anything else or nothing). */
export function thrown(fn: () => unknown): DescentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DescentError);
    return error as DescentError;
  }
  throw new Error('expected a DescentError');
}
