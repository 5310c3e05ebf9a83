import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEpsilon, parseEpsilons, tidyEpsilonList } from '../../src/attacks/epsilon.js';

test('epsilons parse from numbers, decimals and "k/255"', () => {
  assert.equal(parseEpsilon(0.03), 0.03);
  assert.equal(parseEpsilon(0), 0);
  assert.equal(parseEpsilon('8/255'), 8 / 255);
  assert.equal(parseEpsilon(' 0.5 / 255 '), 0.5 / 255);
  assert.equal(parseEpsilon('0.01'), 0.01);
  assert.equal(parseEpsilon('1e-4'), 1e-4);
  assert.deepEqual(parseEpsilons([0, '2/255', 0.1]), [0, 2 / 255, 0.1]);
});

test('bad epsilons fail naming the value', () => {
  assert.throws(() => parseEpsilon('8/256'), /Invalid epsilon "8\/256": write a number >= 0 .* or "k\/255"/);
  assert.throws(() => parseEpsilon('-1/255'), /Invalid epsilon "-1\/255"/);
  assert.throws(() => parseEpsilon('abc'), /Invalid epsilon "abc"/);
  assert.throws(() => parseEpsilon(-0.1), /Invalid epsilon -0.1: it must be a finite number >= 0/);
  assert.throws(() => parseEpsilon(Number.NaN), /Invalid epsilon NaN/);
  assert.throws(() => parseEpsilon(Infinity, 'step size'), /Invalid step size Infinity/);
  assert.throws(() => parseEpsilons([]), /epsilon list is empty/);
});

describe('tidyEpsilonList', () => {
  it('sorts, drops duplicates and says so', () => {
    const { epsilons, notes } = tidyEpsilonList([0.1, 0, '2/255', 0.1]);
    assert.deepEqual(epsilons, [0, 2 / 255, 0.1]);
    assert.equal(notes.length, 2);
    assert.match(notes[0]!, /0\.1 given more than once/);
    assert.match(notes[1]!, /sorted ascending/);
  });

  it('leaves a tidy list alone, without notes', () => {
    assert.deepEqual(tidyEpsilonList([0, 0.001, 1]), { epsilons: [0, 0.001, 1], notes: [] });
  });

  it('refuses values above 1, negatives and non-numbers, naming them', () => {
    assert.throws(() => tidyEpsilonList([0, 1.5]), /Invalid epsilon 1\.5: above 1/);
    assert.throws(() => tidyEpsilonList([0, -0.1]), /-0\.1/);
    assert.throws(() => tidyEpsilonList(['abc']), /"abc"/);
    assert.throws(() => tidyEpsilonList([Number.NaN]), /NaN/);
    assert.throws(() => tidyEpsilonList([]), /empty/);
  });
});
