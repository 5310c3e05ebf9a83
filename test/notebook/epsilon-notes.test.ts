import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidyEpsilonList } from '../../src/attacks/index.js';
import { notebookEpsilons } from '../../src/notebook/index.js';

test('tidying the epsilon list says what it changed in Spanish from the catalogue, numbers with a decimal comma', () => {
  const { notes } = tidyEpsilonList([0.1, 0, 0.1], 'es');
  assert.deepEqual(notes, ['ε repetido en la lista (0,1): se ataca una sola vez.', 'Lista de ε ordenada de menor a mayor: 0; 0,1 (se dio como 0,1; 0; 0,1).']);
  assert.deepEqual(tidyEpsilonList([0.2, 0.1, 0.2, 0.1], 'es').notes[0], 'ε repetidos en la lista (0,2; 0,1): cada uno se ataca una sola vez.');
});

test('the same notes stay in the English wording the CLI prints', () => {
  const { notes } = tidyEpsilonList([0.1, 0, 0.1]);
  assert.deepEqual(notes, ['epsilon 0.1 given more than once: each is attacked once.', 'epsilons sorted ascending: 0, 0.1 (given as 0.1, 0, 0.1).']);
});

test('the notebook prints those Spanish notes under the cell and returns the tidy list', (t) => {
  const printed: string[] = [];
  t.mock.method(console, 'warn', (message: string) => printed.push(message));
  const { epsilons, notes } = notebookEpsilons(['8/255', 0, 0.1, '8/255']);
  assert.deepEqual(epsilons, [0, 8 / 255, 0.1]);
  assert.deepEqual(notes, ['ε repetido en la lista (8/255): se ataca una sola vez.', 'Lista de ε ordenada de menor a mayor: 0; 8/255; 0,1 (se dio como 8/255; 0; 0,1; 8/255).']);
  assert.deepEqual(printed, notes);
  assert.deepEqual(notebookEpsilons([0, 0.1]).notes, [], 'a tidy list prints nothing');
  assert.deepEqual(printed.length, 2);
});
