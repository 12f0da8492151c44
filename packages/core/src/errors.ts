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
    super(`${argument} = ${describeValue(value)} is invalid: expected ${allowed}`);
    this.name = 'DescentError';
    this.argument = argument;
    this.value = value;
    this.allowed = allowed;
  }
}

/** Renders a value for an error message: short, and unambiguous about its type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${'length' in value ? value.length : value.byteLength})`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 6).map(describeValue).join(', ');
    return `[${shown}${value.length > 6 ? ', …' : ''}]`;
  }
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
