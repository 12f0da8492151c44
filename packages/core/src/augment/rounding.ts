/**
 * Rounds to the nearest integer, ties to even: Python's `round`, which torchvision
 * uses for centre crops and crop sizes, so that every backend lands on the same pixel.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
