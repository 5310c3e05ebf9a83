/**
 * The study's analysis, written from the numbers just computed (Markdown, sentences from the
 * locale's catalogue), so the prose always matches the results it sits next to, whatever the
 * model, data or epsilons.
 */
import type { EpsilonResult, SweepResults } from '../eval/sweep.js';
import { wilsonInterval } from '../eval/wilson.js';
import { DEFAULT_LOCALE, messages, type Catalogue, type Locale } from '../i18n/index.js';
import type { CountedRate } from '../i18n/notebook-en.js';

/** A change in accuracy smaller than this is treated as "no change" (one image in ~50). */
const NOTICEABLE = 0.02;

export interface SweepFacts {
  readonly model: string;
  readonly total: number;
  readonly clean: EpsilonResult | undefined;
  readonly cleanAccuracy: number;
  /** Epsilons > 0, ascending. */
  readonly attacked: readonly EpsilonResult[];
  /** Smallest epsilon whose accuracy drops noticeably below the clean one. */
  readonly firstDrop: EpsilonResult | undefined;
  /** Smallest epsilon at which accuracy is at most half the clean accuracy. */
  readonly halved: EpsilonResult | undefined;
  /** Mean accuracy over the attacked epsilons (a summary of the whole curve). */
  readonly meanAttackedAccuracy: number;
  /** Pairs where a larger epsilon gave a noticeably HIGHER accuracy than the one before. */
  readonly reversals: readonly { readonly from: EpsilonResult; readonly to: EpsilonResult }[];
}

export function sweepFacts(results: SweepResults): SweepFacts {
  const clean = results.epsilons.find((r) => r.epsilon === 0);
  const cleanAccuracy = clean?.accuracy ?? results.cleanAccuracy;
  const attacked = results.epsilons.filter((r) => r.epsilon > 0).sort((a, b) => a.epsilon - b.epsilon);
  const reversals = attacked.slice(1).flatMap((to, i) => (to.accuracy > attacked[i]!.accuracy + NOTICEABLE ? [{ from: attacked[i]!, to }] : []));
  return {
    model: results.model,
    total: results.total,
    clean,
    cleanAccuracy,
    attacked,
    firstDrop: attacked.find((r) => cleanAccuracy - r.accuracy >= NOTICEABLE),
    halved: cleanAccuracy > 0 ? attacked.find((r) => r.accuracy <= cleanAccuracy / 2) : undefined,
    meanAttackedAccuracy: attacked.length > 0 ? attacked.reduce((sum, r) => sum + r.accuracy, 0) / attacked.length : cleanAccuracy,
    reversals,
  };
}

/** ε in 8-bit grey levels, the unit a reader can picture: 0.01 -> "2,6 niveles de 255". */
function greyLevels(epsilon: number, t: Catalogue): string {
  return t.notebook.sweepAnalysis.greyLevels(epsilon * 255);
}

/** How visible a perturbation of this size is, in words (8-bit images change in whole levels). */
function visibility(epsilon: number, t: Catalogue): string {
  const words = t.notebook.sweepAnalysis.visibility;
  // The model gets float pixels; saved as an 8-bit image, a change under half a level would vanish.
  if (epsilon * 255 < 0.5) return words.belowHalfLevel;
  if (epsilon <= 0.01) return words.invisible;
  if (epsilon <= 0.05) return words.fineGrain;
  if (epsilon <= 0.15) return words.noise;
  return words.dominant;
}

/** Standard error of an accuracy measured on n images (the comparison's margin for "too close to call"). */
function standardError(accuracy: number, n: number): number {
  return n > 0 ? Math.sqrt((accuracy * (1 - accuracy)) / n) : 0;
}

/** An accuracy with its counts and its own 95% Wilson interval. */
function counted(correct: number, total: number): CountedRate {
  const interval = wilsonInterval(correct, total);
  return { rate: total > 0 ? correct / total : Number.NaN, correct, total, lower: interval.lower, upper: interval.upper };
}

const countedRow = (row: EpsilonResult) => counted(row.correct, row.total);

export function sweepAnalysis(results: SweepResults, locale: Locale = DEFAULT_LOCALE): string {
  const t = messages(locale);
  const say = t.notebook.sweepAnalysis;
  const f = sweepFacts(results);
  const lines: string[] = [say.heading(f.model), '', say.generated(f.total), ''];
  const initiallyWrong = results.total - results.initiallyCorrect;
  lines.push(say.clean(counted(results.initiallyCorrect, results.total)) + (initiallyWrong > 0 ? say.initiallyWrong(initiallyWrong) : ''));
  if (f.attacked.length === 0) {
    lines.push(say.noAttack);
    return lines.join('\n');
  }
  const smallest = f.attacked[0]!;
  const largest = f.attacked[f.attacked.length - 1]!;
  const smallestDrop = f.cleanAccuracy - smallest.accuracy;
  lines.push(
    say.smallest(smallest.epsilon, greyLevels(smallest.epsilon, t), visibility(smallest.epsilon, t), countedRow(smallest)) +
      (smallestDrop >= NOTICEABLE ? say.alreadyDrops(smallestDrop) : say.barelyChanges),
  );
  const drop = f.firstDrop;
  // Said once: the first drop's visibility only when it differs from the smallest epsilon's.
  const sameVisibility = drop !== undefined && visibility(drop.epsilon, t) === visibility(smallest.epsilon, t);
  if (drop && drop !== smallest) lines.push(say.firstDrop(drop.epsilon, greyLevels(drop.epsilon, t), sameVisibility ? undefined : visibility(drop.epsilon, t), countedRow(drop)));
  const halved = f.halved;
  lines.push(halved ? say.halved(halved.epsilon, countedRow(halved), halved.attackSuccessRate, visibility(halved.epsilon, t)) : say.notHalved);
  lines.push(say.largest(largest.epsilon, countedRow(largest), largest.attackSuccessRate, f.clean?.meanTrueClassConfidence ?? Number.NaN, largest.meanTrueClassConfidence));
  if (f.reversals.length > 0) lines.push(say.reversals(f.reversals.map((r) => say.reversal(r.from.epsilon, r.from.accuracy, r.to.epsilon, r.to.accuracy))));
  lines.push(say.intervals(f.total));
  return lines.join('\n');
}

/** Side-by-side reading of several models' sweeps (same epsilons expected). */
export function comparisonAnalysis(all: readonly SweepResults[], locale: Locale = DEFAULT_LOCALE): string {
  const t = messages(locale);
  const say = t.notebook.comparison;
  if (all.length === 0) return say.none;
  const facts = all.map(sweepFacts);
  const lines: string[] = [say.heading, '', say.generated(facts.map((f) => f.model)), ''];
  lines.push(say.tableHeader, '|---|---:|---:|---:|');
  for (const f of facts) lines.push(say.row(f.model, f.cleanAccuracy, f.halved?.epsilon, f.meanAttackedAccuracy));
  lines.push('');
  if (facts.length === 1) {
    lines.push(say.onlyOne);
    return lines.join('\n');
  }
  const byRobustness = [...facts].sort((a, b) => b.meanAttackedAccuracy - a.meanAttackedAccuracy);
  const best = byRobustness[0]!;
  const worst = byRobustness[byRobustness.length - 1]!;
  const bestClean = [...facts].sort((a, b) => b.cleanAccuracy - a.cleanAccuracy)[0]!;
  const gap = best.meanAttackedAccuracy - worst.meanAttackedAccuracy;
  const n = Math.min(...facts.map((f) => f.total));
  const noise = 2 * standardError(0.5, n);
  lines.push(gap < noise ? say.tooClose(gap, n, noise) : say.mostRobust(best.model, best.meanAttackedAccuracy, worst.model, worst.meanAttackedAccuracy));
  lines.push(bestClean === best ? say.alsoMostAccurate(best.model, best.cleanAccuracy) : say.accurateIsNotRobust(bestClean.model, bestClean.cleanAccuracy));
  if (facts.every((f) => f.halved)) {
    const eps = facts.map((f) => f.halved!.epsilon);
    lines.push(Math.min(...eps) === Math.max(...eps) ? say.allHalvedSame(eps[0]!) : say.allHalvedBetween(Math.min(...eps), Math.max(...eps)));
  }
  return lines.join('\n');
}
