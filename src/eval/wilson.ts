/**
 * Wilson score interval for a binomial proportion (Wilson, 1927; Newcombe, 1998, method 3):
 *   p = k/n,  z = 1.959964 (95%)
 *   centre    = (p + z^2/(2n)) / (1 + z^2/n)
 *   halfWidth = z / (1 + z^2/n) * sqrt( p(1-p)/n + z^2/(4n^2) )
 *   interval  = [centre - halfWidth, centre + halfWidth]
 * Unlike the normal (Wald) interval it stays inside [0,1] and is not empty at k = 0 or k = n,
 * which matters for accuracies near 0% or 100% on a few hundred faces.
 */
export const Z_95 = 1.959963984540054;

export interface Rate {
  /** Successes (e.g. correct samples). */
  readonly count: number;
  readonly total: number;
  /** count / total, or null when total is 0. */
  readonly rate: number | null;
  /** 95% Wilson score interval; [0, 1] when total is 0. */
  readonly lower: number;
  readonly upper: number;
}

export function wilsonInterval(count: number, total: number, z = Z_95): Rate {
  if (!Number.isInteger(count) || !Number.isInteger(total) || count < 0 || total < 0 || count > total) {
    throw new Error(`wilsonInterval: need integers 0 <= count <= total, got ${count}/${total}.`);
  }
  if (total === 0) return { count, total, rate: null, lower: 0, upper: 1 };
  const p = count / total;
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  // The bounds are exactly 0 / 1 at k = 0 / n; clamping removes float noise there.
  return {
    count,
    total,
    rate: p,
    lower: count === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: count === total ? 1 : Math.min(1, centre + halfWidth),
  };
}
