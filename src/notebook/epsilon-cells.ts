/**
 * The notebook's epsilon lists (edited by hand in a cell) checked by the library's one rule
 * (src/attacks/epsilon.ts), with what tidying changed said in the notebook's language.
 */
import { tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import { NOTEBOOK_LOCALE } from './locale.js';

/** The list sorted and de-duplicated; each change printed under the cell and returned. */
export function notebookEpsilons(values: readonly EpsilonInput[]): { epsilons: number[]; notes: string[] } {
  const { epsilons, notes } = tidyEpsilonList(values, NOTEBOOK_LOCALE);
  for (const note of notes) console.warn(note);
  return { epsilons, notes };
}
