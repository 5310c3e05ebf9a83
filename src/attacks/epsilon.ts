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
