'use strict';

/**
 * Small DOM helpers for the playground's controls: a labelled slider (linear or
 * logarithmic), a checkbox and a select, each calling `onChange` when the user moves it.
 */

/** Formats a slider value for its label: 4 significant digits, exponent form for tiny values. */
function formatValue(value) {
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(4)));
}

/**
 * A labelled range input. With `log`, the slider moves the base-10 exponent between
 * `min` and `max` (given as values, not exponents).
 * @param {{ name: string, label: string, min: number, max: number, step?: number, value: number, log?: boolean, integer?: boolean }} spec
 * @param {() => void} onChange
 * @returns {{ element: HTMLElement, value: () => number }}
 */
function slider({ name, label, min, max, step, value, log = false, integer = false }, onChange) {
  const row = document.createElement('label');
  row.className = 'control slider';
  const input = document.createElement('input');
  input.type = 'range';
  input.name = name;
  const toSlider = (v) => (log ? Math.log10(v) : v);
  input.min = String(toSlider(min));
  input.max = String(toSlider(max));
  input.step = log ? 'any' : String(step ?? (integer ? 1 : (max - min) / 100));
  input.value = String(toSlider(value));
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
  input.addEventListener('input', () => {
    refresh();
    onChange();
  });
  row.append(caption, input, shown);
  return { element: row, value: read };
}

/**
 * A labelled checkbox.
 * @param {{ name: string, label: string, checked: boolean }} spec
 * @param {() => void} onChange
 * @returns {{ element: HTMLElement, value: () => boolean }}
 */
function checkbox({ name, label, checked }, onChange) {
  const row = document.createElement('label');
  row.className = 'control checkbox';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = name;
  input.checked = checked;
  input.addEventListener('change', onChange);
  const caption = document.createElement('span');
  caption.textContent = label;
  row.append(input, caption);
  return { element: row, value: () => input.checked };
}

/**
 * A labelled select.
 * @param {{ name: string, label: string, options: { value: string, label: string }[], value: string }} spec
 * @param {() => void} onChange
 * @returns {{ element: HTMLElement, value: () => string }}
 */
function select({ name, label, options, value }, onChange) {
  const row = document.createElement('label');
  row.className = 'control select';
  const input = document.createElement('select');
  input.name = name;
  for (const option of options) input.add(new Option(option.label, option.value, false, option.value === value));
  input.addEventListener('change', onChange);
  const caption = document.createElement('span');
  caption.textContent = label;
  row.append(caption, input);
  return { element: row, value: () => input.value };
}

module.exports = { slider, checkbox, select, formatValue };
