import { createOptimizer, DescentError } from '../src';

/** The DescentError `fn` throws. */
function thrown(fn: () => unknown): DescentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DescentError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

/**
 * A step over the same tensors as the step before reuses that step's checked entries and
 * records: whatever changes between steps (names, order, lengths, a check that failed
 * half-way, forgotten or imported state) is still checked and keyed by name.
 */
describe('steps that repeat the tensors of the step before', () => {
  const tensor = (name: string, length: number) => ({ name, values: new Float32Array(length).fill(1) });
  const ones = (length: number) => new Float32Array(length).fill(1);

  test('a duplicate name is refused after steps over distinct names, and after a step that failed half-way', () => {
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 0.5 } });
    const [a, b] = [tensor('a', 2), tensor('b', 2)];
    optimizer.step([a, b], [ones(2), ones(2)]);
    expect(thrown(() => optimizer.step([a, { ...b, name: 'a' }], [ones(2), ones(2)])).argument).toBe('params[1].name');
    // This check fails at b's gradient, after a's entry was rewritten; the next step must not trust the old names.
    expect(thrown(() => optimizer.step([b, a], [ones(2), ones(3)])).argument).toBe('grads[1] ("a").length');
    expect(thrown(() => optimizer.step([b, { ...a, name: 'b' }], [ones(2), ones(2)])).argument).toBe('params[1].name');
    expect(Array.from(a.values)).toEqual([0.5, 0.5]);
    expect(Array.from(b.values)).toEqual([0.5, 0.5]);
  });

  test('swapped names keep each tensor\'s own state; a length change under a known name is refused', () => {
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1, momentum: 0.5 } });
    const [a, b] = [tensor('a', 1), tensor('b', 3)];
    optimizer.step([a, b], [new Float32Array([1]), new Float32Array([2, 2, 2])]);
    optimizer.step([b, a], [new Float32Array([2, 2, 2]), new Float32Array([1])]);
    // Momentum buffers by name: a's is 1 → 1.5, b's is 2 → 3.
    expect(Array.from(a.values)).toEqual([1 - 1 - 1.5]);
    expect(Array.from(b.values)).toEqual([1 - 2 - 3, 1 - 2 - 3, 1 - 2 - 3]);
    expect(thrown(() => optimizer.step([b, { name: 'a', values: new Float32Array(3) }], [ones(3), ones(3)])).argument).toBe('params[1] ("a").values.length');
  });

  test('after forget or importState a repeated step starts the forgotten tensors afresh and keys imported ones by name', () => {
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1, momentum: 0.5 } });
    const [a, b] = [tensor('a', 1), tensor('b', 1)];
    const step = () => optimizer.step([a, b], [new Float32Array([1]), new Float32Array([1])]);
    step();
    const saved = optimizer.exportState();
    step();
    optimizer.forget(['a']);
    step();
    // a starts a new buffer (1), b continues (1 → 1.5 → 1.75).
    expect(a.values[0]).toBe(1 - 1 - 1.5 - 1);
    expect(b.values[0]).toBe(1 - 1 - 1.5 - 1.75);
    optimizer.importState(saved);
    step();
    expect(optimizer.exportState().tensors.a.t).toBe(2);
    expect(b.values[0]).toBe(1 - 1 - 1.5 - 1.75 - 1.5);
  });

  test('a step over the very arrays of the step before is still checked where it can differ: names, shapes, state, finiteness', () => {
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1, momentum: 0.5 } });
    const a = { name: 'a', values: new Float32Array([1, 1]), shape: [2] };
    const b = { name: 'b', values: new Float32Array([1]) };
    const grads = [new Float32Array([1, 1]), new Float32Array([1])];
    optimizer.step([a, b], grads);
    optimizer.step([a, b], grads);
    // Buffers 1 → 1.5.
    expect(Array.from(a.values)).toEqual([1 - 1 - 1.5, 1 - 1 - 1.5]);
    expect(thrown(() => optimizer.step([a, { ...b, name: 'a' }], grads)).argument).toBe('params[1].name');
    expect(thrown(() => optimizer.step([{ ...a, shape: [3] }, b], grads)).argument).toBe('params[0] ("a").shape');
    optimizer.forget(['b']);
    optimizer.step([a, b], grads);
    // b's buffer starts afresh (1); a's goes on (1.5 → 1.75).
    expect(b.values[0]).toBe(1 - 1 - 1.5 - 1);
    expect(a.values[0]).toBe(1 - 1 - 1.5 - 1.75);
    grads[1][0] = NaN;
    expect(thrown(() => optimizer.step([a, b], grads)).argument).toBe('grads[1] ("b")[0]');
    expect(b.values[0]).toBe(1 - 1 - 1.5 - 1);
    expect(optimizer.exportState().tensors.a.t).toBe(3);
  });

  test('a shape array changed in place between steps is checked again, and a refused step changes nothing', () => {
    const optimizer = createOptimizer({ rule: { type: 'sgd', learningRate: 1 } });
    const shape = [2, 3];
    const a = { name: 'a', values: new Float32Array(6).fill(1), shape };
    const grads = [new Float32Array(6).fill(0.5)];
    optimizer.step([a], grads);
    shape[1] = 4;
    expect(thrown(() => optimizer.step([a], grads)).argument).toBe('params[0] ("a").shape');
    expect(Array.from(a.values)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(optimizer.stepsTaken).toBe(1);
    // Put back, the same arrays step again.
    shape[1] = 3;
    optimizer.step([a], grads);
    expect(Array.from(a.values)).toEqual([0, 0, 0, 0, 0, 0]);
    // Same element count, other dimensions: checked again, and kept only when consistent.
    shape[0] = 3;
    shape[1] = 2;
    optimizer.step([a], grads);
    expect(Array.from(a.values)).toEqual([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5]);
    shape.push(0);
    expect(thrown(() => optimizer.step([a], grads)).argument).toBe('params[0] ("a").shape');
    expect(optimizer.stepsTaken).toBe(3);
  });
});
