'use strict';

/**
 * Small DOM helpers for the playground's controls: a labelled slider (linear or
 * logarithmic), a checkbox and a select, each calling `onChange` when the user moves it.
 * Every control keeps its value in the page's URL (`#name=value&…`): a copied link opens
 * the playground with the same settings. Controls given `url: false` (the guides' live
 * figures, whose page fragment is a section anchor) neither read nor write the URL.
 */

/** The settings in the URL's fragment when the page loaded, updated as controls move. */
const urlSettings = new URLSearchParams(globalThis.location?.hash.slice(1) ?? '');

/** The value the URL gives control `name`, if any (none when `url` is false). */
function fromUrl(name, url = true) {
  return url ? urlSettings.get(name) : null;
}

/** Writes a control's value into the URL, without a new history entry (unless `url` is false). */
function remember(name, text, url = true) {
  if (!url) return;
  urlSettings.set(name, text);
  history.replaceState(null, '', `#${urlSettings}`);
}

/** Formats a slider value for its label: 4 significant digits, exponent form for tiny values. */
function formatValue(value) {
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(4)));
}

/**
 * A labelled range input. With `log`, the slider moves the base-10 exponent between
 * `min` and `max` (given as values, not exponents). `set` moves it from code (clamped to its range).
 * @param {{ name: string, label: string, min: number, max: number, step?: number, value: number, log?: boolean, integer?: boolean, url?: boolean }} spec
 * @param {() => void} onChange
 * @returns {{ element: HTMLElement, value: () => number, set: (value: number) => void }}
 */
function slider({ name, label, min, max, step, value, log = false, integer = false, url = true }, onChange) {
  const row = document.createElement('label');
  row.className = 'control slider';
  const input = document.createElement('input');
  input.type = 'range';
  input.name = name;
  const toSlider = (v) => (log ? Math.log10(v) : v);
  input.min = String(toSlider(min));
  input.max = String(toSlider(max));
  input.step = log ? 'any' : String(step ?? (integer ? 1 : (max - min) / 100));
  const fromLink = Number(fromUrl(name, url) ?? NaN);
  input.value = String(toSlider(Number.isFinite(fromLink) && fromLink >= min && fromLink <= max ? fromLink : value));
  const read = () => {
    const raw = Number(input.value);
    const v = log ? 10 ** raw : raw;
    return integer ? Math.round(v) : Number(v.toPrecision(log ? 3 : 6));
  };
  const shown = document.createElement('output');
  const caption = document.createElement('span');
  caption.textContent = label;
  const refresh = () => {
    shown.textContent = formatValue(read());
  };
  refresh();
  const moved = () => {
    refresh();
    remember(name, String(read()), url);
    onChange();
  };
  input.addEventListener('input', moved);
  const set = (v) => {
    input.value = String(toSlider(Math.min(max, Math.max(min, v))));
    moved();
  };
  row.append(caption, input, shown);
  return { element: row, value: read, set };
}

/**
 * A labelled checkbox.
 * @param {{ name: string, label: string, checked: boolean, url?: boolean }} spec
 * @param {() => void} onChange
 * @returns {{ element: HTMLElement, value: () => boolean }}
 */
function checkbox({ name, label, checked, url = true }, onChange) {
  const row = document.createElement('label');
  row.className = 'control checkbox';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = name;
  const fromLink = fromUrl(name, url);
  input.checked = fromLink === null ? checked : fromLink === '1';
  input.addEventListener('change', () => {
    remember(name, input.checked ? '1' : '0', url);
    onChange();
  });
  const caption = document.createElement('span');
  caption.textContent = label;
  row.append(input, caption);
  return { element: row, value: () => input.checked };
}

/**
 * A labelled select.
 * @param {{ name: string, label: string, options: { value: string, label: string }[], value: string, url?: boolean }} spec
 * @param {() => void} onChange
 * @returns {{ element: HTMLElement, value: () => string }}
 */
function select({ name, label, options, value, url = true }, onChange) {
  const row = document.createElement('label');
  row.className = 'control select';
  const input = document.createElement('select');
  input.name = name;
  const fromLink = fromUrl(name, url);
  const initial = options.some((option) => option.value === fromLink) ? fromLink : value;
  for (const option of options) input.add(new Option(option.label, option.value, false, option.value === initial));
  input.addEventListener('change', () => {
    remember(name, input.value, url);
    onChange();
  });
  const caption = document.createElement('span');
  caption.textContent = label;
  row.append(caption, input);
  return { element: row, value: () => input.value };
}

module.exports = { slider, checkbox, select, formatValue };
