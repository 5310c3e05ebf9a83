import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { EpsilonError, fgsmStep, parseEpsilon, tidyEpsilonList } from '../../src/attacks/index.js';

test('epsilons parse from numbers, decimals and "k/255"', () => {
  assert.equal(parseEpsilon(0.03), 0.03);
  assert.equal(parseEpsilon(0), 0);
  assert.equal(parseEpsilon(1), 1);
  assert.equal(parseEpsilon('8/255'), 8 / 255);
  assert.equal(parseEpsilon(' 0.5 / 255 '), 0.5 / 255);
  assert.equal(parseEpsilon('0.01'), 0.01);
  assert.equal(parseEpsilon('1e-4'), 1e-4);
});

test('bad epsilons fail as EpsilonErrors naming the value and the fix', () => {
  const refused = (value: number | string, message: RegExp, what?: string) =>
    assert.throws(() => parseEpsilon(value, what), (e: Error) => e instanceof EpsilonError && message.test(e.message) && !e.message.includes('\n'), String(value));
  refused('8/256', /^Invalid epsilon "8\/256": write a number between 0 and 1 .* or "k\/255"/);
  refused('-1/255', /^Invalid epsilon "-1\/255"/);
  refused('abc', /^Invalid epsilon "abc"/);
  refused(-0.1, /^Invalid epsilon -0.1: it must be a finite number between 0 and 1/);
  refused(Number.NaN, /^Invalid epsilon NaN/);
  refused(Infinity, /^Invalid step size Infinity/, 'step size');
  refused(1.5, /^Invalid epsilon 1\.5: above 1\. Pixels are in \[0, 1\].*use values between 0 and 1/);
  refused('256/255', /^Invalid epsilon "256\/255": above 1/);
  refused('1.5', /^Invalid --step-size "1\.5": above 1/, '--step-size');
});

test('fgsmStep guards its (already parsed) epsilon by the same rule', () => {
  const pixels = new Float32Array(3);
  assert.throws(() => fgsmStep(pixels, pixels, -0.1), (e: Error) => e instanceof EpsilonError && /Invalid epsilon -0.1/.test(e.message));
  assert.throws(() => fgsmStep(pixels, pixels, 2), (e: Error) => e instanceof EpsilonError && /Invalid epsilon 2: above 1/.test(e.message));
});

describe('tidyEpsilonList', () => {
  it('sorts, drops duplicates and says so, keeping each value as first written', () => {
    const { epsilons, texts, notes } = tidyEpsilonList([0.1, 0, '2/255', 0.1, ' 8/255 ']);
    assert.deepEqual(epsilons, [0, 2 / 255, 8 / 255, 0.1]);
    assert.deepEqual(texts, ['0', '2/255', '8/255', '0.1']);
    assert.deepEqual(notes, ['epsilon 0.1 given more than once: each is attacked once.', `epsilons sorted ascending: 0, ${2 / 255}, ${8 / 255}, 0.1 (given as 0.1, 0, ${2 / 255}, 0.1, ${8 / 255}).`]);
  });

  it('counts "k/255" and its decimal as the same epsilon', () => {
    const { epsilons, texts, notes } = tidyEpsilonList(['8/255', 8 / 255]);
    assert.deepEqual(epsilons, [8 / 255]);
    assert.deepEqual(texts, ['8/255']);
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /given more than once/);
  });

  it('leaves a tidy list alone, without notes', () => {
    assert.deepEqual(tidyEpsilonList([0, 0.001, 1]), { epsilons: [0, 0.001, 1], texts: ['0', '0.001', '1'], notes: [] });
  });

  it('refuses values above 1, negatives, non-numbers and an empty list, naming them', () => {
    const refused = (values: (number | string)[], message: RegExp) => assert.throws(() => tidyEpsilonList(values), (e: Error) => e instanceof EpsilonError && message.test(e.message));
    refused([0, 1.5], /^Invalid epsilon 1\.5: above 1/);
    refused([0, -0.1], /-0\.1/);
    refused(['abc'], /"abc"/);
    refused([Number.NaN], /NaN/);
    refused([], /^The epsilon list is empty: give at least one value/);
  });
});
