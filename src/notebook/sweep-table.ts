/**
 * The per-epsilon table of a sweep as a danfo DataFrame (what the original built with pandas), and
 * how the notebook shows it: percentages and norms formatted, headers in Spanish.
 */
import * as dfd from 'danfojs-node';
import type { SweepResults } from '../eval/sweep.js';
import { fixed, num, pct } from './format-es.js';
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

export const SWEEP_TABLE_OPTIONS: TableOptions = {
  headers: {
    epsilon: 'ε',
    correct: 'aciertos',
    total: 'imágenes',
    accuracy: 'exactitud',
    attackSuccessRate: 'éxito del ataque',
    meanLinf: 'L∞ medio',
    meanL2: 'L2 medio',
    meanTrueClassConfidence: 'confianza en la clase real',
  },
  format: {
    epsilon: (v) => num(asNumber(v)),
    accuracy: (v) => pct(asNumber(v)),
    attackSuccessRate: (v) => pct(asNumber(v)),
    meanLinf: (v) => fixed(asNumber(v), 4),
    meanL2: (v) => fixed(asNumber(v), 3),
    meanTrueClassConfidence: (v) => pct(asNumber(v)),
  },
};

/** Shows the sweep's table (sweepFrame gives the DataFrame itself; tslab would print a returned one). */
export function showSweepTable(results: SweepResults, caption = `FGSM sobre ${results.model}: ${results.total} imágenes de prueba`): void {
  showTable(sweepFrame(results), { ...SWEEP_TABLE_OPTIONS, caption });
}
