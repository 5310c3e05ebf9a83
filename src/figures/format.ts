/** Number formats shared by the Plotly figures and the examples grid, so both read the same. */

/** "0.01", "0.0001", "1e-7": shortest exact form, without float noise like 0.30000000000000004. */
export function formatEpsilon(epsilon: number): string {
  return String(Number(epsilon.toPrecision(6)));
}

/** 0.4567 -> "45.7%". */
export function formatPercent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : 'n/a';
}

/**
 * A confidence as a whole percent that never lies at the ends: 0.996 is ">99%", not "100%",
 * and 0.004 is "<1%", not "0%".
 */
export function formatConfidence(probability: number): string {
  if (!Number.isFinite(probability)) return '?%';
  const percent = Math.round(probability * 100);
  if (percent >= 100 && probability < 1) return '>99%';
  if (percent <= 0 && probability > 0) return '<1%';
  return `${percent}%`;
}
