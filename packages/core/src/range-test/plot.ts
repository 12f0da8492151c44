import type { RangeTestResult } from './range-test';

/** Size of the range-test plot, in SVG user units. */
export interface RangeTestPlotOptions {
  /** Default 480. */
  width?: number;
  /** Default 300. */
  height?: number;
}

const MARGIN = { left: 56, right: 16, top: 16, bottom: 40 };

function format(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

/**
 * The range test as a standalone SVG: the smoothed loss (and, faint, the raw loss) against
 * the rate on a log axis, one tick per decade, and the suggested rate marked.
 */
export function rangeTestSvg(result: RangeTestResult, options: RangeTestPlotOptions = {}): string {
  const width = options.width ?? 480;
  const height = options.height ?? 300;
  const { learningRates: rates, losses, smoothedLosses: smoothed, suggestedLearningRate: suggested } = result;
  const finite = [...losses, ...smoothed].filter(Number.isFinite);
  const low = Math.min(...finite);
  // The top of the axis: the first smoothed loss with headroom, so a divergence does not flatten the curve.
  const high = Math.max(low + 1e-12, Math.min(Math.max(...finite), 1.5 * (smoothed.find(Number.isFinite) ?? low)));
  const logMin = Math.log10(rates[0]);
  const logMax = Math.log10(rates[rates.length - 1]);
  const x = (rate: number) => MARGIN.left + ((Math.log10(rate) - logMin) / (logMax - logMin || 1)) * (width - MARGIN.left - MARGIN.right);
  const y = (loss: number) => MARGIN.top + (1 - (Math.min(loss, high) - low) / (high - low)) * (height - MARGIN.top - MARGIN.bottom);
  const line = (values: readonly number[]) =>
    values
      .map((v, i) => [rates[i], v] as const)
      .filter(([, v]) => Number.isFinite(v))
      .map(([r, v]) => `${format(x(r))},${format(y(v))}`)
      .join(' ');
  const ticks: string[] = [];
  for (let decade = Math.ceil(logMin); decade <= Math.floor(logMax); decade++) {
    const at = format(x(10 ** decade));
    ticks.push(`<line x1="${at}" y1="${height - MARGIN.bottom}" x2="${at}" y2="${height - MARGIN.bottom + 4}" stroke="#444"/><text x="${at}" y="${height - MARGIN.bottom + 16}" text-anchor="middle">1e${decade}</text>`);
  }
  const marker =
    suggested === null
      ? ''
      : `<line class="suggested" x1="${format(x(suggested))}" y1="${MARGIN.top}" x2="${format(x(suggested))}" y2="${height - MARGIN.bottom}" stroke="#c33" stroke-dasharray="4 3"/><text x="${format(x(suggested) + 4)}" y="${MARGIN.top + 12}" fill="#c33">${format(suggested)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${width - MARGIN.left - MARGIN.right}" height="${height - MARGIN.top - MARGIN.bottom}" fill="none" stroke="#444"/>`,
    ...ticks,
    `<text x="${(MARGIN.left + width - MARGIN.right) / 2}" y="${height - 6}" text-anchor="middle">learning rate</text>`,
    `<text x="${MARGIN.left - 6}" y="${format(y(high))}" text-anchor="end" dominant-baseline="hanging">${format(high)}</text>`,
    `<text x="${MARGIN.left - 6}" y="${format(y(low))}" text-anchor="end">${format(low)}</text>`,
    `<polyline class="loss" points="${line(losses)}" fill="none" stroke="#99b" stroke-width="1"/>`,
    `<polyline class="smoothed" points="${line(smoothed)}" fill="none" stroke="#226" stroke-width="2"/>`,
    marker,
    '</svg>',
  ].join('');
}
