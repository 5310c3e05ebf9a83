/** Flag value parsers for commander: each rejects a bad value with a one-line reason. */
import { InvalidArgumentError } from 'commander';
import { parseEpsilon, tidyEpsilonList } from '../attacks/epsilon.js';

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

/** A parser whose errors (ConfigError, EpsilonError...) become commander's usage errors (one line, exit 2). */
export function asArgument<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

export const splitList = (text: string): string[] => text.split(',').map((item) => item.trim());

/**
 * `0,0.01,8/255`: checked by the one epsilon rule (src/attacks/epsilon.ts) and kept as typed, so
 * that the study or robustness settings sort and de-duplicate it once and say so.
 */
export const epsilonList = asArgument((text): string[] => {
  const items = splitList(text);
  tidyEpsilonList(items);
  return items;
});

/** `--step-size 1/255`: one L-inf size by the same rule, kept as typed. */
export const stepSize = asArgument((text): string => {
  parseEpsilon(text, '--step-size');
  return text;
});

/** For repeatable flags: each use adds one value. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Help text of a flag whose default is computed at run time (commander only shows set defaults). */
export function withDefault(description: string, defaultText: string): string {
  return `${description} (default: ${defaultText})`;
}
