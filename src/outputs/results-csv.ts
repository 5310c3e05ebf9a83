/**
 * The study's tables: the CSV of every study (one schema: one row per attack x epsilon, through
 * danfo), and the per-epsilon table in the original's columns as a danfo DataFrame (what the
 * original built with pandas) that the facade's table() shows with headers and number formats
 * from the locale's catalogue, the DataFrame keeping the raw values.
 */
import * as dfd from 'danfojs-node';
import type { AttackStudyResults } from '../eval/study.js';
import type { SweepResults } from '../eval/sweep.js';
import type { Rate } from '../eval/wilson.js';
import { attackRole } from '../figures/robustness-format.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { EPSILON_COLUMNS, epsilonRow } from './results-document.js';

/**
 * One row per attack x epsilon (the attacks' order, epsilons ascending): first the original's
 * columns, then every rate with its 95% Wilson bounds. An empty cell = not applicable (targeted
 * success of an untargeted attack, quantised scores when not asked, SSIM when skipped, ...).
 */
export const RESULTS_CSV_COLUMNS = [
  'attack', 'role', 'kind', 'targeted', 'labels', 'scope', 'epsilon', 'epsilon255',
  'correct', 'total', 'accuracy', 'attackSuccessRate', 'meanLinf', 'meanL2', 'meanTrueClassConfidence',
  'cleanAccuracy', 'robustAccuracy', 'robustAccuracyLower', 'robustAccuracyUpper', 'monotoneRobustAccuracy',
  'originalRuleAccuracyLower', 'originalRuleAccuracyUpper', 'attackSuccessRateLower', 'attackSuccessRateUpper',
  'targetedSuccessRate', 'targetedSuccessRateLower', 'targetedSuccessRateUpper',
  'quantisedRobustAccuracy', 'quantisedRobustAccuracyLower', 'quantisedRobustAccuracyUpper', 'quantisedOriginalRuleAccuracy', 'quantisedAttackSuccessRate', 'quantisedTargetedSuccessRate', 'quantisedLinfMean',
  'linfMax', 'l2P95', 'ssimMean', 'ssimMin', 'trueClassConfidenceBefore',
] as const;

type Cell = number | string | boolean | null | undefined;

const bounds = (r: Rate | null | undefined): [Cell, Cell] => (r ? [r.lower, r.upper] : [null, null]);
const withBounds = (r: Rate | null | undefined): [Cell, Cell, Cell] => (r ? [r.rate, r.lower, r.upper] : [null, null, null]);

export function resultsCsv(results: AttackStudyResults): string {
  const initiallyCorrect = results.clean.accuracy.count;
  const rows: Cell[][] = results.attacks.flatMap((attack) =>
    attack.results.map((r, e) => {
      const row = epsilonRow(r, initiallyCorrect);
      const q = r.quantised;
      return [
        attack.name, attackRole(attack), attack.kind, attack.targeted, attack.labels, results.scope, r.epsilon, Number((r.epsilon * 255).toPrecision(6)),
        ...EPSILON_COLUMNS.slice(1).map((column) => row[column]),
        r.cleanAccuracy.rate, ...withBounds(r.robustAccuracy), attack.monotoneRobustAccuracy[e]?.rate,
        ...bounds(r.robustAccuracyOriginalRule), ...bounds(r.attackSuccessRate),
        ...withBounds(r.targetedSuccessRate),
        ...withBounds(q?.robustAccuracy), q?.robustAccuracyOriginalRule.rate, q?.attackSuccessRate.rate, q?.targetedSuccessRate?.rate, q?.linfMean,
        r.perturbation.linfMax, r.perturbation.l2P95, r.perturbation.ssimMean, r.perturbation.ssimMin, r.trueClassConfidence.before,
      ];
    }),
  );
  // danfo writes what it is given; empty cells are written as empty, not "null"/"undefined".
  const frame = new dfd.DataFrame(rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : cell))), { columns: [...RESULTS_CSV_COLUMNS] });
  const csv = dfd.toCSV(frame, { header: true, sep: ',' });
  if (typeof csv !== 'string') throw new Error('danfo toCSV returned no text');
  return csv;
}

/** One row per epsilon, the JSON's column names, raw numbers (fractions, not percentages). */
export function epsilonFrame(results: SweepResults): dfd.DataFrame {
  return new dfd.DataFrame(
    Object.fromEntries(EPSILON_COLUMNS.map((column) => [column, results.epsilons.map((row) => row[column])])),
    { columns: [...EPSILON_COLUMNS] },
  );
}

/** A table to read: the raw DataFrame, and how to show it in a locale (headers, cell formats, caption). */
export interface TableView {
  readonly frame: dfd.DataFrame;
  readonly caption: string;
  /** Column name -> header text. */
  readonly headers: Readonly<Record<string, string>>;
  /** Column name -> how its cells read. */
  readonly format: Readonly<Record<string, (value: unknown) => string>>;
}

const asNumber = (value: unknown) => (typeof value === 'number' ? value : Number.NaN);

export function epsilonTable(results: SweepResults, locale: Locale = DEFAULT_LOCALE): TableView {
  const { t, n } = localeText(locale);
  const { caption, ...headers } = t.notebook.tables.sweep;
  return {
    frame: epsilonFrame(results),
    caption: caption(results.model, results.total),
    headers,
    format: {
      epsilon: (v) => n.number(asNumber(v)),
      accuracy: (v) => n.percent(asNumber(v)),
      attackSuccessRate: (v) => n.percent(asNumber(v)),
      meanLinf: (v) => n.fixed(asNumber(v), 4),
      meanL2: (v) => n.fixed(asNumber(v), 3),
      meanTrueClassConfidence: (v) => n.percent(asNumber(v)),
    },
  };
}
