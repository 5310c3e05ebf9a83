import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wilsonInterval } from '../../src/eval/index.js';

const close = (a: number, b: number, tol = 5e-5) => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

test('Wilson 95% intervals match known values (Newcombe 1998, method 3, and textbook cases)', () => {
  const cases: [number, number, number, number][] = [
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [10, 10, 0.7225, 1],
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [k, n, lower, upper] of cases) {
    const r = wilsonInterval(k, n);
    close(r.lower, lower);
    close(r.upper, upper);
    assert.equal(r.rate, k / n);
    assert.equal(r.count, k);
    assert.equal(r.total, n);
  }
  assert.equal(wilsonInterval(0, 10).lower, 0);
  assert.equal(wilsonInterval(10, 10).upper, 1);
});

test('Wilson intervals are symmetric in k <-> n-k and handle n = 0', () => {
  const a = wilsonInterval(3, 17);
  const b = wilsonInterval(14, 17);
  close(a.lower, 1 - b.upper, 1e-12);
  close(a.upper, 1 - b.lower, 1e-12);
  assert.deepEqual(wilsonInterval(0, 0), { count: 0, total: 0, rate: null, lower: 0, upper: 1 });
  assert.throws(() => wilsonInterval(3, 2), /0 <= count <= total, got 3\/2/);
  assert.throws(() => wilsonInterval(0.5, 2), /integers/);
});
