import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidyEpsilonList } from '../../src/attacks/index.js';
import { setDisplaySink, study } from '../../src/notebook/index.js';

test('tidying the epsilon list says what it changed in Spanish from the catalogue, numbers with a decimal comma', () => {
  const { notes } = tidyEpsilonList([0.1, 0, 0.1], 'es');
  assert.deepEqual(notes, ['ε repetido en la lista (0,1): se ataca una sola vez.', 'Lista de ε ordenada de menor a mayor: 0; 0,1 (se dio como 0,1; 0; 0,1).']);
  assert.deepEqual(tidyEpsilonList([0.2, 0.1, 0.2, 0.1], 'es').notes[0], 'ε repetidos en la lista (0,2; 0,1): cada uno se ataca una sola vez.');
});

test('the same notes stay in the English wording the CLI prints', () => {
  const { notes } = tidyEpsilonList([0.1, 0, 0.1]);
  assert.deepEqual(notes, ['epsilon 0.1 given more than once: each is attacked once.', 'epsilons sorted ascending: 0, 0.1 (given as 0.1, 0, 0.1).']);
});

test('the notebook prints those Spanish notes under the cell and studies the tidy list', { timeout: 120_000 }, async (t) => {
  const printed: string[] = [];
  t.mock.method(console, 'warn', (message: string) => printed.push(message));
  setDisplaySink(() => undefined);
  try {
    const run = await study({ model: 'resnet18', data: 'data/sample_faces', limit: 4, epsilons: ['8/255', 0, 0.1, '8/255'] });
    assert.deepEqual(run.model().results.epsilons.map((r) => r.epsilon), [0, 8 / 255, 0.1]);
    assert.deepEqual(printed, ['ε repetido en la lista (8/255): se ataca una sola vez.', 'Lista de ε ordenada de menor a mayor: 0; 8/255; 0,1 (se dio como 8/255; 0; 0,1; 8/255).']);
  } finally {
    setDisplaySink(undefined);
  }
});
