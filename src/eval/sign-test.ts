/**
 * The exact two-sided sign test: are two models' outcomes on the SAME faces different, or could
 * the wins of one over the other be a coin's luck? Only the faces where they differ count.
 *
 * Written here, not taken from a package: simple-statistics' binomialDistribution drops the far
 * tail and overflows past 170 trials, and jStat is unmaintained; the sum below is exact in log
 * space for any number of faces.
 */
export interface SignTest {
  /** Faces where the first model did better. */
  readonly wins: number;
  /** Faces where the second model did better. */
  readonly losses: number;
  /** Two-sided p-value: the chance of a split at least this uneven if neither model is better. */
  readonly pValue: number;
}

export function signTest(wins: number, losses: number): SignTest {
  if (!Number.isInteger(wins) || !Number.isInteger(losses) || wins < 0 || losses < 0) throw new Error(`signTest: need whole counts >= 0, got ${wins} and ${losses}.`);
  const trials = wins + losses;
  const fewer = Math.min(wins, losses);
  // P(X <= fewer) for X ~ Binomial(trials, 1/2), summing C(trials, k) / 2^trials in log space.
  let logChoose = 0;
  let tail = 0;
  for (let k = 0; k <= fewer; k++) {
    tail += Math.exp(logChoose - trials * Math.LN2);
    logChoose += Math.log(trials - k) - Math.log(k + 1);
  }
  return { wins, losses, pValue: trials === 0 ? 1 : Math.min(1, 2 * tail) };
}
