import type { Geometry } from '@descent/core';
import type { Kernels } from './kernels';
import type { Slot } from './workspace';

/**
 * Writes `dst` (shaped by the geometry's maps) from `src` in two separable passes: each
 * source row a column map reads is resampled once (row pass, cached in two float rows,
 * enough for maps that move monotonically, as every op's do), then each output row
 * blends its two resampled rows (column pass). Positions outside the input take the fill.
 */
export function sampleGeometry(k: Kernels, src: Slot, geometry: Geometry, dst: Slot): void {
  const ws = k.workspace;
  const { rows, cols } = geometry;
  const channels = src.channels;
  const valueBytes = src.pixels === 'float32' ? 4 : 1;
  const outW = cols.length;
  const n = outW * channels;
  const fill = geometry.fill * (src.pixels === 'float32' ? 1 : 255);
  const [co0, co1, cw0, cw1] = [0, 1, 2, 3].map(() => ws.allocate(4 * outW));
  const cc = fill !== 0 ? ws.allocate(4 * n) : 0;
  const tmp = [ws.allocate(4 * n), ws.allocate(4 * n)];
  const { ints, floats } = ws;
  for (let x = 0; x < outW; x++) {
    ints[co0 / 4 + x] = cols.i0[x] * channels * valueBytes;
    ints[co1 / 4 + x] = cols.i1[x] * channels * valueBytes;
    floats[cw0 / 4 + x] = cols.w0[x];
    floats[cw1 / 4 + x] = cols.w1[x];
    if (cc !== 0) floats.fill(Math.fround(floats[cw0 / 4 + x] + floats[cw1 / 4 + x]), cc / 4 + x * channels, cc / 4 + (x + 1) * channels);
  }
  const rowBytes = src.width * channels * valueBytes;
  const held = [-1, -1];
  const resampled = (row: number, keep: number): number => {
    if (held[0] === row) return tmp[0];
    if (held[1] === row) return tmp[1];
    const s = held[0] === keep ? 1 : 0;
    k.row(src.pixels, src.address + row * rowBytes, co0, co1, cw0, cw1, outW, channels, tmp[s]);
    held[s] = row;
    return tmp[s];
  };
  const outRowBytes = n * valueBytes;
  for (let y = 0; y < rows.length; y++) {
    const h0 = resampled(rows.i0[y], rows.i1[y]);
    const h1 = resampled(rows.i1[y], rows.i0[y]);
    k.column(dst.pixels, h0, h1, rows.w0[y], rows.w1[y], n, fill, cc, dst.address + y * outRowBytes);
  }
}
