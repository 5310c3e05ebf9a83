/**
 * Per-sample minimal epsilon and the monotone (worst-case) robustness curve of one attack over an
 * epsilon sweep, from per-sample "broken" flags (1 = misclassified after the attack at that eps).
 *   minimal epsilon of a sample = the smallest eps of the list at which it is broken; 0 when it is
 *     already wrong on the clean image; null when no eps of the list breaks it.
 *   monotone robust count at eps = samples not broken at ANY eps' <= eps (nor on the clean image):
 *     an attacker who can use eps can use every smaller eps, so robustness cannot grow with eps.
 *   raw curve non-monotone: a sample broken at some eps of the list but not at a larger one (FGSM
 *     overshoots: its single step is not a search), or a raw robust count that grows between
 *     consecutive epsilons.
 */
export interface EpsilonCurve {
  /** The sweep's epsilons, ascending (duplicates kept). */
  readonly epsilons: number[];
  /** Per sample, in evaluation order. */
  readonly minimalEpsilon: (number | null)[];
  /** Samples not broken at each eps (raw, per eps alone), ascending eps. */
  readonly rawRobust: number[];
  /** Samples not broken at any eps' <= eps, ascending eps. */
  readonly monotoneRobust: number[];
  /** Samples broken at some eps and not broken at a larger eps. */
  readonly nonMonotoneSamples: number[];
  /** Consecutive pairs where the raw robust count grows. */
  readonly nonMonotoneSteps: { from: number; to: number; robustFrom: number; robustTo: number }[];
  readonly monotone: boolean;
}

/**
 * @param epsilons   the sweep, any order
 * @param broken     broken[e][s], parallel to `epsilons`
 * @param cleanWrong optional per-sample flags: wrong before any attack (minimal eps 0)
 */
export function epsilonCurve(epsilons: readonly number[], broken: readonly ArrayLike<number | boolean>[], cleanWrong?: ArrayLike<number | boolean>): EpsilonCurve {
  if (broken.length !== epsilons.length) throw new Error(`epsilonCurve: ${broken.length} flag rows for ${epsilons.length} epsilons.`);
  const n = broken[0]?.length ?? cleanWrong?.length ?? 0;
  for (const row of broken) if (row.length !== n) throw new Error('epsilonCurve: flag rows of different lengths.');
  const order = epsilons.map((eps, e) => ({ eps, e })).sort((a, b) => a.eps - b.eps);
  const sorted = order.map((o) => o.eps);
  const minimalEpsilon: (number | null)[] = [];
  const nonMonotoneSamples: number[] = [];
  const rawRobust = sorted.map(() => 0);
  const monotoneRobust = sorted.map(() => 0);
  for (let s = 0; s < n; s++) {
    let minimal: number | null = cleanWrong && cleanWrong[s] ? 0 : null;
    let brokenBefore = false;
    let flagged = false;
    order.forEach(({ e, eps }, i) => {
      const isBroken = Boolean(broken[e]![s]);
      if (!isBroken) rawRobust[i]!++;
      if (isBroken && minimal === null) minimal = eps;
      if (!isBroken && brokenBefore) flagged = true;
      if (isBroken) brokenBefore = true;
      if (minimal === null) monotoneRobust[i]!++;
    });
    if (flagged) nonMonotoneSamples.push(s);
    minimalEpsilon.push(minimal);
  }
  const nonMonotoneSteps = [];
  for (let i = 1; i < sorted.length; i++) {
    if (rawRobust[i]! > rawRobust[i - 1]!) nonMonotoneSteps.push({ from: sorted[i - 1]!, to: sorted[i]!, robustFrom: rawRobust[i - 1]!, robustTo: rawRobust[i]! });
  }
  return { epsilons: sorted, minimalEpsilon, rawRobust, monotoneRobust, nonMonotoneSamples, nonMonotoneSteps, monotone: nonMonotoneSteps.length === 0 && nonMonotoneSamples.length === 0 };
}
