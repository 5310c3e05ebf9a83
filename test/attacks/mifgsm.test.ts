/** MI-FGSM (Dong et al., 2018): the momentum rule, and what it reduces to. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accumulateMomentum, bimAttack, miFgsmAttack } from '../../src/attacks/index.js';
import { linearSetup, linfDistance } from './helpers.js';

test('the momentum accumulates the L1-normalised gradient per sample: g <- mu g + grad / ||grad||_1', () => {
  const g = Float32Array.of(1, 0, 0, 0);
  accumulateMomentum(g, Float32Array.of(2, -2, 0, 4), 0.5, 2);
  assert.deepEqual(Array.from(g), [0.5 + 0.5, -0.5, 0, 1]);
  // A zero gradient adds nothing (no division by zero).
  accumulateMomentum(g, new Float32Array(4), 1, 2);
  assert.deepEqual(Array.from(g), [1, -0.5, 0, 1]);
});

test('MI-FGSM without momentum is BIM with step eps / steps; with momentum it stays in the eps-ball; epsilon 0 changes nothing', async () => {
  const { model, images, labels } = await linearSetup(12);
  const eps = 0.02;
  const noMomentum = await miFgsmAttack({ epsilon: eps, steps: 4, momentum: 0 }).run(model, images, labels);
  const bim = await bimAttack({ epsilon: eps, steps: 4, stepSize: eps / 4 }).run(model, images, labels);
  assert.deepEqual(Array.from(noMomentum.adversarial.pixels), Array.from(bim.adversarial.pixels));
  const attack = miFgsmAttack({ epsilon: eps, steps: 4 });
  assert.equal(attack.kind, 'mifgsm');
  assert.equal(attack.options.momentum, undefined, 'default momentum (1) is applied inside');
  const result = await attack.run(model, images, labels);
  assert.ok(linfDistance(result.adversarial.pixels, images.pixels) <= Math.fround(eps) + 1e-7);
  const zero = await miFgsmAttack({ epsilon: 0 }).run(model, images, labels);
  assert.deepEqual(Array.from(zero.adversarial.pixels), Array.from(images.pixels), 'epsilon 0 changes nothing');
  assert.throws(() => miFgsmAttack({ momentum: -1 }), /Invalid momentum -1/);
});
