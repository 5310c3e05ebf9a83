import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epsilonCurve } from '../../src/eval/index.js';

test('minimal epsilon and the monotone curve on hand-made flags', () => {
  // 5 samples; epsilons given out of order on purpose: rows follow this order.
  const epsilons = [0.1, 0.01, 0.05];
  const broken = [
    //  s0 s1 s2 s3 s4
    [1, 0, 1, 0, 1], // 0.1
    [0, 0, 1, 0, 0], // 0.01
    [1, 1, 0, 0, 0], // 0.05: s2 broken at 0.01, not at 0.05 (non-monotone)
  ];
  const cleanWrong = [0, 0, 0, 0, 1]; // s4 wrong before any attack
  const c = epsilonCurve(epsilons, broken, cleanWrong);
  assert.deepEqual(c.epsilons, [0.01, 0.05, 0.1]);
  assert.deepEqual(c.minimalEpsilon, [0.05, 0.05, 0.01, null, 0]);
  // Raw: robust counts per eps alone (s4 is "robust" at 0.01/0.05 in the raw flags).
  assert.deepEqual(c.rawRobust, [4, 3, 2]);
  // Monotone: not broken at any eps' <= eps, nor on the clean image.
  assert.deepEqual(c.monotoneRobust, [3, 1, 1]);
  assert.deepEqual(c.nonMonotoneSamples, [1, 2]); // s1: broken at 0.05, not at 0.1
  assert.deepEqual(c.nonMonotoneSteps, []);
  assert.equal(c.monotone, false);
});

test('a raw robust count that grows with epsilon is flagged as a non-monotone step', () => {
  const c = epsilonCurve([0, 1, 2], [[0, 0], [1, 1], [0, 1]]);
  assert.deepEqual(c.rawRobust, [2, 0, 1]);
  assert.deepEqual(c.monotoneRobust, [2, 0, 0]);
  assert.deepEqual(c.nonMonotoneSteps, [{ from: 1, to: 2, robustFrom: 0, robustTo: 1 }]);
  assert.deepEqual(c.minimalEpsilon, [1, 1]);
  const clean = epsilonCurve([0, 1], [[0, 0], [0, 1]]);
  assert.equal(clean.monotone, true);
  assert.deepEqual(clean.minimalEpsilon, [null, 1]);
  assert.throws(() => epsilonCurve([0, 1], [[0]]), /1 flag rows for 2 epsilons/);
});
