import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidyEpsilonList } from '../../src/attacks/epsilon.js';
import { epsilonNoteEs } from '../../src/notebook/sweep.js';

test('the notebook says in Spanish what tidying the epsilon cell changed', () => {
  const { notes } = tidyEpsilonList([0.1, 0, 0.1]);
  const spanish = notes.map(epsilonNoteEs);
  assert.deepEqual(spanish, ['ε repetido en la lista (0.1): se ataca una sola vez.', 'Lista de ε ordenada de menor a mayor: 0, 0.1 (se dio como 0.1, 0, 0.1).']);
});
