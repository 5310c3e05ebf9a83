/**
 * The per-epsilon table of a sweep as one danfo DataFrame (what the original built with pandas):
 * the CSV writes it, and the facade's table() shows it with headers and number formats from the
 * locale's catalogue, the DataFrame keeping the raw values.
 */
import * as dfd from 'danfojs-node';
import type { SweepResults } from '../eval/sweep.js';
import { DEFAULT_LOCALE, localeText, type Locale } from '../i18n/index.js';
import { EPSILON_COLUMNS, epsilonRow } from './results-document.js';

/** One row per epsilon, the JSON's column names, raw numbers (fractions, not percentages). */
export function epsilonFrame(results: SweepResults): dfd.DataFrame {
  const rows = results.epsilons.map(epsilonRow);
  return new dfd.DataFrame(
    Object.fromEntries(EPSILON_COLUMNS.map((column) => [column, rows.map((row) => row[column])])),
    { columns: [...EPSILON_COLUMNS] },
  );
}

export function epsilonTableCsv(results: SweepResults): string {
  const csv = dfd.toCSV(epsilonFrame(results), { header: true, sep: ',' });
  if (typeof csv !== 'string') throw new Error('danfo toCSV returned no text');
  return csv;
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
