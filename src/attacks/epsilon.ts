/**
 * The ONE place epsilons are checked, for the CLI, the library and the notebook alike. The rule:
 * each value is a number (0.03) or a fraction of the 8-bit pixel step ("8/255", since papers quote
 * L-inf budgets in 1/255 units), finite and in [0, 1]; a list is never empty and is sorted
 * ascending without duplicates, with notes saying what was changed. Bad values are EpsilonErrors.
 */
import { DEFAULT_LOCALE, messages, type Locale } from '../i18n/index.js';
import { EpsilonError } from './errors.js';

export type EpsilonInput = number | string;

const FRACTION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*255\s*$/;
const DECIMAL = /^\s*(\d+(?:\.\d+)?(?:e-?\d+)?|\.\d+)\s*$/i;

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function fromText(value: string, what: string): number {
  const fraction = FRACTION.exec(value);
  if (fraction) return Number(fraction[1]) / 255;
  const decimal = DECIMAL.exec(value);
  if (decimal) return Number(decimal[1]);
  throw new EpsilonError(`Invalid ${what} ${shown(value)}: write a number between 0 and 1 (e.g. 0.03) or "k/255" (e.g. "8/255").`);
}

/**
 * One epsilon (or, with `what`, another L-inf size such as "step size"): a number or "k/255",
 * finite, in [0, 1]. Above 1 is refused because pixels are in [0, 1]: 1 already moves every pixel
 * to 0 or 1. Also guards numbers that were parsed already (fgsmStep, attack options).
 */
export function parseEpsilon(value: EpsilonInput, what = 'epsilon'): number {
  const eps = typeof value === 'number' ? value : typeof value === 'string' ? fromText(value, what) : Number.NaN;
  if (!Number.isFinite(eps) || eps < 0) throw new EpsilonError(`Invalid ${what} ${shown(value)}: it must be a finite number between 0 and 1 (e.g. 0.03 or "8/255").`);
  if (eps > 1) throw new EpsilonError(`Invalid ${what} ${shown(value)}: above 1. Pixels are in [0, 1], so ${what} 1 already moves every pixel to 0 or 1; use values between 0 and 1.`);
  return eps;
}

export interface TidyEpsilons {
  /** Ascending, without duplicates. */
  readonly epsilons: number[];
  /** Each kept epsilon as first written ("8/255", "0.1"), parallel to `epsilons`, for the results. */
  readonly texts: string[];
  /** What was changed (duplicates dropped, sorted), to tell the user. */
  readonly notes: string[];
}

/**
 * An epsilon list as a user gave it, checked and put in order: curves and the minimal-epsilon
 * analysis need ascending epsilons, and attacking one twice only costs time. Says what it changed
 * rather than changing it silently, in the locale's words (errors stay English, like the library's).
 */
export function tidyEpsilonList(values: readonly EpsilonInput[], locale: Locale = DEFAULT_LOCALE): TidyEpsilons {
  const say = messages(locale).warning;
  if (values.length === 0) throw new EpsilonError('The epsilon list is empty: give at least one value, e.g. 0, 2/255, 8/255.');
  const parsed = values.map((value) => parseEpsilon(value));
  const firstIndex = [...new Set(parsed)].map((eps) => parsed.indexOf(eps));
  const unique = firstIndex.map((i) => parsed[i]!);
  const notes: string[] = [];
  if (unique.length < parsed.length) {
    const repeated = [...new Set(parsed.filter((eps, i) => parsed.indexOf(eps) !== i))];
    notes.push(say.repeatedEpsilons(repeated));
  }
  const order = firstIndex.map((_, k) => k).sort((a, b) => unique[a]! - unique[b]!);
  const epsilons = order.map((k) => unique[k]!);
  if (order.some((k, position) => k !== position)) notes.push(say.sortedEpsilons(epsilons, parsed));
  return { epsilons, texts: order.map((k) => String(values[firstIndex[k]!]).trim()), notes };
}
