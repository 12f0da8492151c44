import { newtonSchulz } from '../src/kernels/newton-schulz';

const MUON = { steps: 5, a: 3.4445, b: -4.775, c: 2.0315, epsilon: 1e-7 };

/** The iteration as written in torch's zeropower_via_newtonschulz, with textbook loops in float64. */
function textbook(values: Float32Array, rows: number, columns: number, { steps, a, b, c, epsilon }: typeof MUON): Float64Array {
  const tall = rows > columns;
  const [n, m] = tall ? [columns, rows] : [rows, columns];
  const at = (i: number, j: number) => (tall ? values[j * columns + i] : values[i * columns + j]);
  let x = Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => at(i, j)));
  let norm = 0;
  for (const row of x) for (const v of row) norm += v * v;
  const scale = 1 / Math.max(Math.sqrt(norm), epsilon);
  x = x.map((row) => row.map((v) => v * scale));
  const product = (p: number[][], q: number[][]) =>
    p.map((row) => q[0].map((_, j) => row.reduce((sum, v, l) => sum + v * q[l][j], 0)));
  for (let s = 0; s < steps; s++) {
    const gram = product(x, x[0].map((_, j) => x.map((row) => row[j])));
    const squared = product(gram, gram);
    const polynomial = gram.map((row, i) => row.map((v, j) => b * v + c * squared[i][j]));
    const next = product(polynomial, x);
    x = x.map((row, i) => row.map((v, j) => a * v + next[i][j]));
  }
  const out = new Float64Array(rows * columns);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[tall ? j * columns + i : i * columns + j] = x[i][j];
  return out;
}

function seeded(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5) * 0.02);
}

describe('newtonSchulz', () => {
  // Every edge of the four-by-two blocks: single rows and columns, sizes not a multiple of 4 or 2, wide and tall.
  it.each([
    [1, 1],
    [1, 9],
    [9, 1],
    [2, 3],
    [3, 2],
    [4, 4],
    [5, 7],
    [7, 5],
    [8, 6],
    [13, 30],
    [30, 13],
    [33, 33],
  ])('gives the textbook iteration bit for bit on a %i×%i matrix', (rows, columns) => {
    const values = seeded(rows * columns, rows * 100 + columns);
    expect(newtonSchulz(values, rows, columns, MUON)).toEqual(textbook(values, rows, columns, MUON));
  });

  it('brings the singular values of a well-conditioned matrix near 1 (X·Xᵀ close to the identity)', () => {
    const [rows, columns] = [6, 10];
    const values = seeded(rows * columns, 7);
    for (let i = 0; i < rows; i++) values[i * columns + i] += 0.05;
    const x = newtonSchulz(values, rows, columns, { ...MUON, steps: 10 });
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < rows; j++) {
        let dot = 0;
        for (let l = 0; l < columns; l++) dot += x[i * columns + l] * x[j * columns + l];
        // Muon's coefficients aim at singular values in about [0.7, 1.2], not exactly 1.
        if (i === j) expect(dot).toBeGreaterThan(0.45);
        if (i === j) expect(dot).toBeLessThan(1.45);
        if (i !== j) expect(Math.abs(dot)).toBeLessThan(0.3);
      }
    }
  });

  it('leaves a zero matrix zero (the norm is floored at epsilon)', () => {
    expect(newtonSchulz(new Float32Array(12), 3, 4, MUON)).toEqual(new Float64Array(12));
  });
});
