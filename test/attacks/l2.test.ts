/** L2 budgets: FGM, PGD/BIM with L2 steps and projection, L2 noise; every result within its Euclidean budget. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bimAttack, fgsmAttack, l2Distances, l2Step, miFgsmAttack, parseL2Budget, pgdAttack, randomSignNoise } from '../../src/attacks/index.js';
import { argmaxRow } from '../../src/eval/index.js';
import { CLASSES, linearSetup, SIZE } from './helpers.js';

test('an L2 step moves eps along g/||g|| and the projection keeps the perturbation within eps', () => {
  const origin = Float32Array.of(0.5, 0.5, 0.5, 0.5);
  const moved = l2Step(origin, Float32Array.of(3, 4, 0, 0), 0.1, origin, 0.1, 4);
  assert.ok(Math.abs(moved[0]! - 0.56) < 1e-6 && Math.abs(moved[1]! - 0.58) < 1e-6 && moved[2] === 0.5);
  // A second step of 0.1 in another direction is pulled back onto the 0.1 ball.
  const twice = l2Step(moved, Float32Array.of(0, 0, 1, 0), 0.1, origin, 0.1, 4);
  assert.ok(Math.abs(l2Distances(twice, origin, 4)[0]! - 0.1) < 1e-6);
  // A zero gradient does not move; pixels stay in [0,1].
  assert.deepEqual(Array.from(l2Step(origin, new Float32Array(4), 0.1, origin, 0.1, 4)), Array.from(origin));
  const edge = Float32Array.of(0.99, 0, 0, 0);
  assert.ok(l2Step(edge, Float32Array.of(1, 0, 0, 0), 0.5, edge, 0.5, 4)[0]! <= 1);
  assert.equal(parseL2Budget('2.5'), 2.5);
  assert.throws(() => parseL2Budget('8/255'), /Euclidean length as a number >= 0/);
  assert.throws(() => parseL2Budget(-1), /Invalid L2 epsilon -1/);
});

test('FGM, BIM, PGD and noise with norm l2 stay within their Euclidean budget; PGD fools at least as often as FGM; MI-FGSM says it is L-inf only', async () => {
  const { model, images, labels } = await linearSetup(16);
  const size = SIZE * SIZE * 3;
  const eps = 1.5;
  const fooled = async (pixels: Float32Array) => {
    const logits = await model.logits({ ...images, pixels });
    return Array.from(labels).filter((label, n) => argmaxRow(logits, n, CLASSES) !== label).length;
  };
  const counts: Record<string, number> = {};
  for (const attack of [fgsmAttack({ norm: 'l2', epsilon: eps }), bimAttack({ norm: 'l2', epsilon: eps, steps: 5 }), pgdAttack({ norm: 'l2', epsilon: eps, steps: 5 }), randomSignNoise({ norm: 'l2', epsilon: eps })]) {
    const { adversarial } = await attack.run(model, images, labels);
    const lengths = l2Distances(adversarial.pixels, images.pixels, size);
    assert.ok(Math.max(...lengths) <= eps + 1e-4, `${attack.name}: longest perturbation ${Math.max(...lengths)}`);
    counts[attack.name] = await fooled(adversarial.pixels);
  }
  assert.deepEqual(Object.keys(counts), ['fgm-l2', 'bim-l2', 'pgd-l2', 'noise-l2']);
  assert.ok(counts['pgd-l2']! >= counts['fgm-l2']!, JSON.stringify(counts));
  assert.ok(counts['noise-l2']! <= counts['fgm-l2']!, JSON.stringify(counts));
  const zero = await pgdAttack({ norm: 'l2', epsilon: 0 }).run(model, images, labels);
  assert.deepEqual(Array.from(zero.adversarial.pixels), Array.from(images.pixels));
  assert.throws(() => miFgsmAttack({ norm: 'l2' }), /MI-FGSM is an L-inf attack here/);
});
