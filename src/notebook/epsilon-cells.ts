/**
 * The notebook's epsilon lists (edited by hand in a cell) checked by the library's one rule
 * (src/attacks/epsilon.ts), with what tidying changed said in Spanish: the notebook speaks Spanish.
 */
import { tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';

/** Spanish for the notes of tidyEpsilonList. */
export function epsilonNoteEs(note: string): string {
  return note
    .replace(/^epsilons? (.+) given more than once: each is attacked once\.$/, 'ε repetido en la lista ($1): se ataca una sola vez.')
    .replace(/^epsilons sorted ascending: (.+) \(given as (.+)\)\.$/, 'Lista de ε ordenada de menor a mayor: $1 (se dio como $2).');
}

/** The list sorted and de-duplicated; each change printed under the cell and returned, in Spanish. */
export function notebookEpsilons(values: readonly EpsilonInput[]): { epsilons: number[]; notes: string[] } {
  const { epsilons, notes } = tidyEpsilonList(values);
  const spanish = notes.map(epsilonNoteEs);
  for (const note of spanish) console.warn(note);
  return { epsilons, notes: spanish };
}
