import type { SumAxis } from './expression';

/**
 * How many values one quantity of an update has, from fewest to most: one number for the
 * step ("uniform": coefficients, constants), one per tensor, one per matrix (the last two
 * axes; leading axes index several), one per row or per column of each matrix, or one per
 * element. An operation's result has the larger extent of its operands (a row value with a
 * column value is per element: their outer product).
 */
export type Extent = 'uniform' | 'tensor' | 'matrix' | 'row' | 'column' | 'element';

const RANK: Readonly<Record<Extent, number>> = { uniform: 0, tensor: 1, matrix: 2, row: 3, column: 3, element: 4 };

/** The extent of an operation on values of extents a and b. */
export function joinExtents(a: Extent, b: Extent): Extent {
  if (a === b) return a;
  if (RANK[a] === 3 && RANK[b] === 3) return 'element';
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when a value of extent `a` may be stored where values of extent `b` live (it broadcasts to it). */
export function fitsExtent(a: Extent, b: Extent): boolean {
  return joinExtents(a, b) === b;
}

/** The extent of the sum of a value of extent `term` over `axis`, or null when that sum is not defined. */
export function sumExtent(term: Extent, axis: SumAxis): Extent | null {
  if (axis === 'all') return 'tensor';
  if (axis === 'last') return term === 'element' ? 'row' : term === 'column' ? 'matrix' : null;
  return term === 'element' ? 'column' : term === 'row' ? 'matrix' : null;
}

/** The sizes of a tensor's extents: the last two axes are the matrix, any leading ones index matrices. */
export interface ExtentLayout {
  readonly element: number;
  readonly rows: number;
  readonly columns: number;
  /** Rows and columns of one matrix. */
  readonly r: number;
  readonly c: number;
  readonly matrices: number;
}

/** The layout of a tensor of this shape (a vector is one row). */
export function extentLayout(shape: readonly number[]): ExtentLayout {
  const element = shape.reduce((a, b) => a * b, 1);
  const c = shape.length === 0 ? 1 : shape[shape.length - 1];
  const r = shape.length < 2 ? 1 : shape[shape.length - 2];
  const matrices = r * c === 0 ? 0 : element / (r * c);
  return { element, rows: matrices * r, columns: matrices * c, r, c, matrices };
}

/** The number of values of an extent in a tensor of this layout. */
export function extentSize(extent: Extent, layout: ExtentLayout): number {
  switch (extent) {
    case 'uniform':
    case 'tensor':
      return 1;
    case 'matrix':
      return layout.matrices;
    case 'row':
      return layout.rows;
    case 'column':
      return layout.columns;
    case 'element':
      return layout.element;
  }
}

/** The shape of a value of an extent, as tf broadcasting reads it against the tensor's shape (size-1 axes kept). */
export function extentShape(extent: Extent, shape: readonly number[]): number[] {
  const lead = shape.slice(0, -2);
  const [r, c] = shape.slice(-2);
  switch (extent) {
    case 'uniform':
    case 'tensor':
      return [];
    case 'matrix':
      return [...lead, 1, 1];
    case 'row':
      return [...lead, r, 1];
    case 'column':
      return [...lead, 1, c];
    case 'element':
      return [...shape];
  }
}

/**
 * The index, in a value of extent `from`, that position `i` of a value of extent `to`
 * reads (`from` fits in `to`).
 */
export function broadcastIndex(from: Extent, to: Extent, i: number, layout: ExtentLayout): number {
  if (from === to) return i;
  if (from === 'uniform' || from === 'tensor') return 0;
  const { r, c } = layout;
  if (to === 'element') {
    if (from === 'row') return Math.floor(i / c);
    if (from === 'column') return Math.floor(i / (r * c)) * c + (i % c);
    return Math.floor(i / (r * c));
  }
  // from is 'matrix', to is 'row' or 'column'
  return Math.floor(i / (to === 'row' ? r : c));
}
