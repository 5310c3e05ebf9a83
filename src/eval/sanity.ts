/**
 * Sanity checks of an attack study, returned as data (the caller decides whether to warn or stop).
 * Each check says what it tested and what it saw.
 */
export interface SanityCheck {
  readonly name: 'inputs-in-range' | 'outputs-are-logits' | 'epsilon-zero-is-clean' | 'perturbation-within-epsilon' | 'pgd-at-least-fgsm';
  readonly ok: boolean;
  readonly detail: string;
}

export function pixelRange(pixels: Float32Array, into: { min: number; max: number }): void {
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v < into.min) into.min = v;
    if (v > into.max) into.max = v;
  }
}

/** A row "looks like probabilities" when all entries are in [0,1] and they sum to 1 (+-1e-3). */
export function rowLooksLikeProbabilities(logits: Float32Array, row: number, numClasses: number): boolean {
  let sum = 0;
  for (let k = 0; k < numClasses; k++) {
    const v = logits[row * numClasses + k]!;
    if (!(v >= 0 && v <= 1)) return false;
    sum += v;
  }
  return Math.abs(sum - 1) <= 1e-3;
}

export function inputsInRangeCheck(range: { min: number; max: number }): SanityCheck {
  const ok = range.min >= 0 && range.max <= 1;
  return { name: 'inputs-in-range', ok, detail: `clean pixels span [${range.min}, ${range.max}]${ok ? '' : ': expected [0,1] (unnormalised pixels; the model normalises inside)'}` };
}

export function logitsCheck(probabilityRows: number, rows: number): SanityCheck {
  // Softmax outputs fed to a cross-entropy would be softmaxed twice: gradients shrink, FGSM weakens.
  const ok = rows === 0 || probabilityRows < rows;
  return { name: 'outputs-are-logits', ok, detail: `${probabilityRows}/${rows} clean output rows look like probabilities${ok ? '' : ': the model seems to end in a softmax; attacks expect raw logits'}` };
}
