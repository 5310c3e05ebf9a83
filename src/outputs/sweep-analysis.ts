/**
 * The study's analysis, written from the numbers just computed (Markdown, sentences from the
 * locale's catalogue), so the prose always matches the results it sits next to, whatever the
 * model, data or epsilons.
 */
import type { EpsilonResult, SweepResults } from '../eval/sweep.js';
import { wilsonInterval } from '../eval/wilson.js';
import type { AttackSummary } from '../eval/study.js';
import { signTest } from '../eval/sign-test.js';
import type { Rate } from '../eval/wilson.js';
import { minimalEpsilonCategories, minimalEpsilonCounts } from '../figures/minimal-epsilon-figure.js';
import { DEFAULT_LOCALE, localeText, messages, type Catalogue, type Locale } from '../i18n/index.js';
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

/** One model as the comparison reads it. */
export interface ComparedModel {
  /** Its sweep under the original's counting rule (`model` is the label). */
  readonly results: SweepResults;
  /** The same attack as `results`: attack success with intervals and each face's minimal epsilon. */
  readonly attack: AttackSummary;
  /** Trainable parameters, to say which model is the bigger one. */
  readonly parameters?: number;
  /** The faces attacked, in order (absolute paths): the paired test needs the same faces. */
  readonly faces?: readonly string[];
}

/** A face's robustness as one number: 0 when already wrong, its minimal epsilon, Infinity when never fooled. */
const robustnessRank = (minimal: number | null): number => (minimal === null ? Number.POSITIVE_INFINITY : minimal);

/** Below this p-value the sign test calls a difference real (the usual 5%). */
const SIGNIFICANT = 0.05;

function rateCell(rate: Rate): CountedRate | undefined {
  return rate.rate === null ? undefined : { rate: rate.rate, correct: rate.count, total: rate.total, lower: rate.lower, upper: rate.upper };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The lower median of the faces' minimal epsilons, as a category label. */
function medianMinimal(minimal: readonly (number | null)[], words: { readonly cleanWrong: string; readonly neverBroken: string }, epsilonLabel: (epsilon: number) => string): string {
  const ranks = minimal.map(robustnessRank).sort((a, b) => a - b);
  const median = ranks[Math.floor((ranks.length - 1) / 2)];
  if (median === undefined) return '–';
  return median === 0 ? words.cleanWrong : median === Number.POSITIVE_INFINITY ? words.neverBroken : epsilonLabel(median);
}

/**
 * Several models attacked with the same epsilons, side by side: accuracy and attack success at each
 * epsilon with their 95% Wilson intervals, the distribution of each face's minimal epsilon, and what
 * the numbers allow one to conclude (an exact sign test on the faces the models share).
 */
export function comparisonAnalysis(models: readonly ComparedModel[], locale: Locale = DEFAULT_LOCALE): string {
  const { t, n } = localeText(locale);
  const say = t.notebook.comparison;
  if (models.length === 0) return say.none;
  const labels = models.map((m) => m.results.model);
  const totals = [...new Set(models.map((m) => m.results.total))];
  const lines: string[] = [say.heading, '', say.generated(labels, totals), ''];
  const epsilons = models[0]!.results.epsilons.map((r) => r.epsilon);
  if (models.some((m) => !sameList(m.results.epsilons.map((r) => r.epsilon), epsilons))) {
    lines.push(say.differentEpsilons);
    return lines.join('\n');
  }
  const header = (first: string) => [`| ${first} | ${models.map((m) => say.modelColumn(m.results.model, m.parameters)).join(' | ')} |`, `|---|${models.map(() => '---:').join('|')}|`];
  lines.push(say.accuracyTable, '', ...header('ε'));
  epsilons.forEach((epsilon, e) => {
    lines.push(`| ${epsilon === 0 ? say.cleanRow : n.epsilonLabel(epsilon)} | ${models.map((m) => say.cell(countedRow(m.results.epsilons[e]!))).join(' | ')} |`);
  });
  lines.push('', say.successTable, '', ...header('ε'));
  epsilons.forEach((epsilon, e) => {
    if (epsilon === 0) return;
    lines.push(`| ${n.epsilonLabel(epsilon)} | ${models.map((m) => say.cell(rateCell(m.attack.results[e]!.attackSuccessRate))).join(' | ')} |`);
  });
  const categories = minimalEpsilonCategories(epsilons, locale);
  const counts = models.map((m) => minimalEpsilonCounts(m.attack.curve.minimalEpsilon, epsilons));
  lines.push('', say.minimalTable, '', ...header(say.minimalColumn));
  categories.forEach((category, c) => lines.push(`| ${category} | ${counts.map((row) => String(row[c])).join(' | ')} |`));
  lines.push(`| ${say.median} | ${models.map((m) => medianMinimal(m.attack.curve.minimalEpsilon, t.minimalEpsilon, n.epsilonLabel)).join(' | ')} |`, '');
  if (models.length === 1) {
    lines.push(say.onlyOne);
    return lines.join('\n');
  }
  lines.push(say.verdictHeading, '');
  lines.push(...verdict(models, say));
  const facts = models.map((m) => sweepFacts(m.results));
  if (facts.every((f) => f.halved)) {
    const eps = facts.map((f) => f.halved!.epsilon);
    lines.push(Math.min(...eps) === Math.max(...eps) ? say.allHalvedSame(eps[0]!) : say.allHalvedBetween(Math.min(...eps), Math.max(...eps)));
  }
  lines.push(say.whatIntervalsCover(Math.min(...totals), wilsonInterval(Math.round(Math.min(...totals) / 2), Math.min(...totals))));
  return lines.join('\n');
}

/** Pairwise sign tests on the shared faces (biggest model first), and what they allow one to say. */
function verdict(models: readonly ComparedModel[], say: Catalogue['notebook']['comparison']): string[] {
  const faces = models[0]!.faces;
  if (!faces || models.some((m) => !m.faces || !sameList(m.faces, faces))) return [say.differentFaces];
  const order = [...models].sort((a, b) => (b.parameters ?? 0) - (a.parameters ?? 0));
  const lines: string[] = [];
  const better: { readonly winner: string; readonly loser: string }[] = [];
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      const a = order[i]!;
      const b = order[j]!;
      const ranksA = a.attack.curve.minimalEpsilon.map(robustnessRank);
      const ranksB = b.attack.curve.minimalEpsilon.map(robustnessRank);
      const test = signTest(ranksA.filter((r, f) => r > ranksB[f]!).length, ranksA.filter((r, f) => r < ranksB[f]!).length);
      const significant = test.pValue < SIGNIFICANT;
      if (significant) better.push(test.wins > test.losses ? { winner: a.results.model, loser: b.results.model } : { winner: b.results.model, loser: a.results.model });
      lines.push(say.pair(a.results.model, b.results.model, test, significant));
    }
  }
  const biggest = order[0]!;
  if (biggest.parameters !== undefined) {
    const beats = better.filter((p) => p.winner === biggest.results.model).length;
    const beaten = better.filter((p) => p.loser === biggest.results.model).length;
    lines.push(beats === order.length - 1 ? say.sizeBought(biggest.results.model) : beaten > 0 ? say.sizeHurt(biggest.results.model) : say.sizeBoughtNothing(biggest.results.model));
  }
  if (better.length === 0) lines.push(say.noneBetter);
  return lines;
}
