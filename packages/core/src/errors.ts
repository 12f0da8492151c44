/**
 * The one error type of descent: bad input names the argument (a config field, a
 * tensor, an option), the value it got and what is allowed.
 */
export class DescentError extends Error {
  /** The argument at fault, e.g. `adam.beta1` or `gradient 2 ("dense/bias")`. */
  readonly argument: string;
  /** The value that was rejected. */
  readonly value: unknown;
  /** What would have been accepted, in words. */
  readonly allowed: string;

  constructor(argument: string, value: unknown, allowed: string) {
    super(`${truncate(argument)} = ${describeValue(value)} is invalid: expected ${allowed}`);
    this.name = 'DescentError';
    this.argument = argument;
    this.value = value;
    this.allowed = allowed;
  }
}

/** The most characters an error message shows of a value (or of an argument's name). */
export const SHOWN_CHARACTERS = 200;

/** Renders a value for an error message: short (at most SHOWN_CHARACTERS), and unambiguous about its type. */
export function describeValue(value: unknown): string {
  return truncate(render(value));
}

function truncate(text: string): string {
  return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS - 1)}…` : text;
}

function render(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > SHOWN_CHARACTERS ? value.slice(0, SHOWN_CHARACTERS) : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${'length' in value ? value.length : value.byteLength})`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 6).map(describeValue).join(', ');
    return `[${shown}${value.length > 6 ? ', …' : ''}]`;
  }
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value) ?? Object.prototype.toString.call(value);
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
