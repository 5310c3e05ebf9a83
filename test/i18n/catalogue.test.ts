import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messages, numberFormat } from '../../src/i18n/index.js';

type Leaf = { path: string; value: unknown };

function leaves(value: unknown, path = ''): Leaf[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [{ path, value }];
}

test('the es catalogue has exactly the en catalogue\'s keys, each of the same kind (text or message function of the same arity)', () => {
  const en = leaves(messages('en'));
  const es = leaves(messages('es'));
  assert.deepEqual(es.map((l) => l.path), en.map((l) => l.path));
  en.forEach((leaf, i) => {
    const other = es[i]!.value;
    assert.equal(typeof other, typeof leaf.value, leaf.path);
    if (typeof leaf.value === 'function') assert.equal((other as () => string).length, (leaf.value as () => string).length, `${leaf.path}: arity`);
  });
});

test('no catalogue text is empty', () => {
  for (const locale of ['en', 'es'] as const) {
    for (const leaf of leaves(messages(locale))) {
      if (typeof leaf.value === 'string') assert.notEqual(leaf.value.trim(), '', `${locale}: ${leaf.path}`);
    }
  }
});

test('message functions format their numbers per locale', () => {
  assert.equal(messages('en').accuracy.hoverAccuracy(0.9333, 28, 30), 'accuracy 93.3% (28/30 correct)');
  assert.equal(messages('es').accuracy.hoverAccuracy(0.9333, 28, 30), 'exactitud 93,3 % (28/30 aciertos)');
  assert.equal(messages('es').warning.belowEightBit(0.001, 1 / 255).startsWith('ε = 0,001 es menor que un nivel de gris'), true);
});

test('number formats: English as the figures always wrote them, Spanish with a decimal comma', () => {
  const en = numberFormat('en');
  const es = numberFormat('es');
  assert.deepEqual([en.percent(0.4567), en.number(0.1 + 0.2), en.confidence(0.996), en.confidence(0.004), en.epsilonLabel(8 / 255), en.epsilonLabel(0.0005), en.percent(Number.NaN)], ['45.7%', '0.3', '>99%', '<1%', '8/255', '0.0005', 'n/a']);
  assert.deepEqual([es.percent(0.4567), es.number(0.1 + 0.2), es.confidence(0.996), es.confidence(0.004), es.epsilonLabel(8 / 255), es.epsilonLabel(0.0005), es.percent(Number.NaN)], ['45,7 %', '0,3', '>99 %', '<1 %', '8/255', '0,0005', 'n/d']);
  assert.deepEqual([es.fixed(11182735, 0), es.points(0.5), es.duration(4.24), es.duration(125)], ['11.182.735', '50,0 puntos', '4,2 s', '2 min 5 s']);
  assert.equal(en.plotlySeparators, undefined);
  assert.equal(es.plotlySeparators, ',.');
});
