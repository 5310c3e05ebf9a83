/** The per-epsilon table as CSV, through danfo (one row per epsilon, the JSON's column names). */
import * as dfd from 'danfojs-node';
import type { SweepResults } from '../eval/sweep.js';
import { epsilonRow } from './results-document.js';

export function epsilonTableCsv(results: SweepResults): string {
  const frame = new dfd.DataFrame(results.epsilons.map(epsilonRow));
  const csv = dfd.toCSV(frame, { header: true, sep: ',' });
  if (typeof csv !== 'string') throw new Error('danfo toCSV returned no text');
  return csv;
}
