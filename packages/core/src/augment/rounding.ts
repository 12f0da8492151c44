/**
 * Rounds to the nearest integer, ties to even: Python's `round`, which torchvision
 * uses for centre crops and crop sizes, so that every backend lands on the same pixel.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // halves go up: a tie is exactly r − x = 0.5
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
