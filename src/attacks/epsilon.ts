/**
 * Epsilons as users write them: a number (0.03) or a fraction of the 8-bit pixel step ("8/255"),
 * since papers quote L-inf budgets in 1/255 units.
 */
export type EpsilonInput = number | string;

const FRACTION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*255\s*$/;
const DECIMAL = /^\s*(\d+(?:\.\d+)?(?:e-?\d+)?|\.\d+)\s*$/i;

/** Parses and validates one epsilon; `what` names it in the error (e.g. "step size"). */
export function parseEpsilon(value: EpsilonInput, what = 'epsilon'): number {
  let eps: number;
  if (typeof value === 'number') {
    eps = value;
  } else if (typeof value === 'string') {
    const fraction = FRACTION.exec(value);
    const decimal = DECIMAL.exec(value);
    if (fraction) eps = Number(fraction[1]) / 255;
    else if (decimal) eps = Number(decimal[1]);
    else throw new Error(`Invalid ${what} ${JSON.stringify(value)}: write a number >= 0 (e.g. 0.03) or "k/255" (e.g. "8/255").`);
  } else {
    throw new Error(`Invalid ${what} ${String(value)}: write a number >= 0 (e.g. 0.03) or "k/255" (e.g. "8/255").`);
  }
  if (!Number.isFinite(eps) || eps < 0) {
    throw new Error(`Invalid ${what} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: it must be a finite number >= 0.`);
  }
  return eps;
}

export function parseEpsilons(values: readonly EpsilonInput[]): number[] {
  if (values.length === 0) throw new Error('The epsilon list is empty: give at least one value, e.g. [0, "2/255", "8/255"].');
  return values.map((v) => parseEpsilon(v));
}

export interface TidyEpsilons {
  /** Ascending, without duplicates. */
  readonly epsilons: number[];
  /** What was changed (sorted, duplicates dropped), to tell the user. */
  readonly notes: string[];
}

/**
 * An epsilon list as a user typed it, checked and put in order: each value parsed (a number or
 * "k/255"), none above 1 (pixels are in [0,1], so 1 already pushes every pixel to 0 or 1), then
 * sorted ascending and de-duplicated — curves and the minimal-epsilon analysis need that order —
 * saying what was changed rather than changing it silently.
 */
export function tidyEpsilonList(values: readonly EpsilonInput[]): TidyEpsilons {
  const parsed = parseEpsilons(values);
  parsed.forEach((eps, i) => {
    if (eps > 1) throw new Error(`Invalid epsilon ${JSON.stringify(values[i])}: above 1. Pixels are in [0, 1], so epsilon 1 already moves every pixel to 0 or 1; use values between 0 and 1.`);
  });
  const notes: string[] = [];
  const unique = [...new Set(parsed)];
  if (unique.length < parsed.length) {
    const repeated = [...new Set(parsed.filter((eps, i) => parsed.indexOf(eps) !== i))];
    notes.push(`epsilon${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')} given more than once: each is attacked once.`);
  }
  const sorted = [...unique].sort((a, b) => a - b);
  if (sorted.some((eps, i) => eps !== unique[i])) notes.push(`epsilons sorted ascending: ${sorted.join(', ')} (given as ${parsed.join(', ')}).`);
  return { epsilons: sorted, notes };
}
