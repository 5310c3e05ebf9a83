/**
 * The per-epsilon table of a sweep as a danfo DataFrame (what the original built with pandas), and
 * how the notebook shows it: percentages and norms formatted, headers in the notebook's language.
 */
import * as dfd from 'danfojs-node';
import type { SweepResults } from '../eval/sweep.js';
import { notebookText } from './locale.js';
import { showTable, type CellValue, type TableOptions } from './table.js';

/** One row per epsilon; raw numbers (fractions, not percentages). */
export function sweepFrame(results: SweepResults): dfd.DataFrame {
  const rows = results.epsilons;
  return new dfd.DataFrame(
    {
      epsilon: rows.map((r) => r.epsilon),
      correct: rows.map((r) => r.correct),
      total: rows.map((r) => r.total),
      accuracy: rows.map((r) => r.accuracy),
      attackSuccessRate: rows.map((r) => r.attackSuccessRate),
      meanLinf: rows.map((r) => r.meanLinf),
      meanL2: rows.map((r) => r.meanL2),
      meanTrueClassConfidence: rows.map((r) => r.meanTrueClassConfidence),
    },
    { columns: ['epsilon', 'correct', 'total', 'accuracy', 'attackSuccessRate', 'meanLinf', 'meanL2', 'meanTrueClassConfidence'] },
  );
}

const asNumber = (value: CellValue) => (typeof value === 'number' ? value : Number.NaN);

const { t, n } = notebookText;
const { caption: sweepCaption, ...headers } = t.notebook.tables.sweep;

export const SWEEP_TABLE_OPTIONS: TableOptions = {
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

/** Shows the sweep's table (sweepFrame gives the DataFrame itself; tslab would print a returned one). */
export function showSweepTable(results: SweepResults, caption = sweepCaption(results.model, results.total)): void {
  showTable(sweepFrame(results), { ...SWEEP_TABLE_OPTIONS, caption });
}
