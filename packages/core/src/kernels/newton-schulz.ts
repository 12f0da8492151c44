import type { NewtonSchulz } from '../rules/expression';
import type { FloatArray } from '../transforms/transform';

/** X·Xᵀ for a row-major n×m matrix X: dot products of its rows (symmetric, so half of them). */
function gramOf(x: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let dot = 0;
      for (let l = 0, a = i * m, b = j * m; l < m; l++) dot += x[a + l] * x[b + l];
      out[i * n + j] = dot;
      out[j * n + i] = dot;
    }
  }
  return out;
}

/** a·b for row-major matrices a (n×k) and b (k×m), in float64. */
function multiply(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k; l++) {
      const x = a[i * k + l];
      if (x === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += x * b[l * m + j];
    }
  }
  return out;
}

/** The transpose of a row-major n×m matrix. */
function transpose(a: ArrayLike<number>, n: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = a[i * m + j];
  return out;
}

/**
 * Muon's Newton–Schulz orthogonalization of a row-major rows×columns matrix, in float64 (see
 * NewtonSchulz): the matrix is worked on with no more rows than columns, so the Gram matrix
 * X·Xᵀ is the smaller one.
 */
export function newtonSchulz(values: FloatArray, rows: number, columns: number, { steps, a, b, c, epsilon }: NewtonSchulz): Float64Array {
  const tall = rows > columns;
  const n = tall ? columns : rows;
  const m = tall ? rows : columns;
  let x = tall ? transpose(values, rows, columns) : Float64Array.from(values);
  let norm = 0;
  for (let i = 0; i < x.length; i++) norm += x[i] * x[i];
  const scale = 1 / Math.max(Math.sqrt(norm), epsilon);
  for (let i = 0; i < x.length; i++) x[i] *= scale;
  for (let s = 0; s < steps; s++) {
    const gram = gramOf(x, n, m);
    const squared = multiply(gram, gram, n, n, n);
    for (let i = 0; i < gram.length; i++) gram[i] = b * gram[i] + c * squared[i];
    const product = multiply(gram, x, n, n, m);
    for (let i = 0; i < x.length; i++) x[i] = a * x[i] + product[i];
  }
  if (tall) x = transpose(x, n, m);
  return x;
}
