/** Flag value parsers for commander: each rejects a bad value with a one-line reason. */
import { InvalidArgumentError } from 'commander';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function toNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

export function wholeNumber(min: number): (text: string) => number {
  return (text) => {
    const value = toNumber(text);
    if (value === undefined || !Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected a whole number >= ${min}.`);
    return value;
  };
}

export function positiveNumber(text: string): number {
  const value = toNumber(text);
  if (value === undefined || !(value > 0)) throw new InvalidArgumentError('expected a number > 0.');
  return value;
}

/** Strictly between 0 and 1. */
export function fraction(text: string): number {
  const value = toNumber(text);
  if (value === undefined || !(value > 0 && value < 1)) throw new InvalidArgumentError('expected a number between 0 and 1, e.g. 0.1.');
  return value;
}

/** Help text of a flag whose default is computed at run time (commander only shows set defaults). */
export function withDefault(description: string, defaultText: string): string {
  return `${description} (default: ${defaultText})`;
}
