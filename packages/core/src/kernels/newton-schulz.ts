import type { NewtonSchulz } from '../rules/expression';
import type { FloatArray } from '../transforms/transform';

/** The dot product of a's row `i` and b's row `j`, both of length k: the scalar edge of rowProducts. */
function rowDot(a: Float64Array, b: Float64Array, i: number, j: number, k: number): number {
  let dot = 0;
  for (let l = 0, x = i * k, y = j * k; l < k; l++) dot += a[x + l] * b[y + l];
  return dot;
}

/**
 * a·bᵀ into `out` (rows×columns) for row-major a (rows×k) and b (columns×k): dot products of
 * rows, both read in memory order, four rows of a by two of b at a time so each value loaded
 * serves several sums kept in registers. With `symmetric` (b is a, so the product is
 * symmetric) only the blocks on and below the diagonal are computed and the rest mirrored.
 * Each entry adds its k terms in order, as the textbook loop does.
 */
function rowProducts(a: Float64Array, b: Float64Array, rows: number, columns: number, k: number, out: Float64Array, symmetric: boolean): void {
  for (let i = 0; i < rows; i += 4) {
    const end = symmetric ? Math.min(i + 4, columns) : columns;
    for (let j = 0; j < end; j += 2) {
      if (i + 4 > rows || j + 2 > columns) {
        for (let r = i; r < Math.min(i + 4, rows); r++) for (let s = j; s < Math.min(j + 2, columns); s++) out[r * columns + s] = rowDot(a, b, r, s, k);
        continue;
      }
      const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, b0 = j * k, b1 = b0 + k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let l = 0; l < k; l++) {
        const y0 = b[b0 + l], y1 = b[b1 + l];
        const x0 = a[a0 + l], x1 = a[a1 + l], x2 = a[a2 + l], x3 = a[a3 + l];
        s00 += x0 * y0; s01 += x0 * y1;
        s10 += x1 * y0; s11 += x1 * y1;
        s20 += x2 * y0; s21 += x2 * y1;
        s30 += x3 * y0; s31 += x3 * y1;
      }
      const o = i * columns + j;
      out[o] = s00; out[o + 1] = s01;
      out[o + columns] = s10; out[o + columns + 1] = s11;
      out[o + 2 * columns] = s20; out[o + 2 * columns + 1] = s21;
      out[o + 3 * columns] = s30; out[o + 3 * columns + 1] = s31;
    }
  }
  if (symmetric) for (let i = 0; i < rows; i++) for (let j = i + 1; j < columns; j++) out[i * columns + j] = out[j * columns + i];
}

/** The transpose of a row-major n×m matrix, into `out`. */
function transpose(a: ArrayLike<number>, n: number, m: number, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = a[i * m + j];
  return out;
}

/**
 * Muon's Newton–Schulz orthogonalization of a row-major rows×columns matrix, in float64 (see
 * NewtonSchulz). The matrix is worked on with no more rows (n) than columns (m), so the Gram
 * matrix A = X·Xᵀ is the smaller one; a step X ← a·X + (b·A + c·A²)·X is then three
 * products of rows: A (symmetric, n²m/2 multiply-adds), A² = A·Aᵀ (symmetric, n³/2) and
 * (b·A + c·A²)·X against Xᵀ's rows (n²m). The sums add their terms in the textbook order,
 * so the result is that of the plain loops, only sooner.
 */
export function newtonSchulz(values: FloatArray, rows: number, columns: number, { steps, a, b, c, epsilon }: NewtonSchulz): Float64Array {
  const tall = rows > columns;
  const n = tall ? columns : rows;
  const m = tall ? rows : columns;
  const x = tall ? transpose(values, rows, columns, new Float64Array(n * m)) : Float64Array.from(values);
  let norm = 0;
  for (let i = 0; i < x.length; i++) norm += x[i] * x[i];
  const scale = 1 / Math.max(Math.sqrt(norm), epsilon);
  for (let i = 0; i < x.length; i++) x[i] *= scale;
  const gram = new Float64Array(n * n);
  const squared = new Float64Array(n * n);
  const columnsOfX = new Float64Array(m * n);
  const product = new Float64Array(n * m);
  for (let s = 0; s < steps; s++) {
    rowProducts(x, x, n, n, m, gram, true);
    rowProducts(gram, gram, n, n, n, squared, true);
    for (let i = 0; i < gram.length; i++) gram[i] = b * gram[i] + c * squared[i];
    rowProducts(gram, transpose(x, n, m, columnsOfX), n, m, n, product, false);
    for (let i = 0; i < x.length; i++) x[i] = a * x[i] + product[i];
  }
  return tall ? transpose(x, n, m, new Float64Array(n * m)) : x;
}
