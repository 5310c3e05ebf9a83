import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumericalError, ORIGINAL_EPSILONS, argmaxRow, runFgsmSweep } from '../../src/eval/index.js';
import { fgsm, fgsmStep } from '../../src/attacks/index.js';
import type { LabelledImages } from '../../src/engines/index.js';
import { LinearPixelClassifier, randomImages, sliceBatch } from '../helpers/linear-classifier.js';

const SIZE = 32;

/** The original notebook's loop, literally: batch size 1, gradient recomputed for every epsilon. */
async function originalLoop(model: LinearPixelClassifier, images: ReturnType<typeof randomImages>, labels: Int32Array, epsilons: readonly number[]) {
  return Promise.all(
    epsilons.map(async (eps) => {
      let correct = 0;
      const examples: { sampleIndex: number; finalPrediction: number }[] = [];
      for (let n = 0; n < images.count; n++) {
        const one = sliceBatch(images, n, n + 1);
        const label = labels.subarray(n, n + 1);
        const initial = argmaxRow(await model.logits(one), 0, model.numClasses);
        if (initial !== label[0]) continue;
        const adversarial = await fgsm(model, one, label, eps);
        const final = argmaxRow(await model.logits(adversarial), 0, model.numClasses);
        if (final === label[0]) {
          correct++;
          if (eps === 0 && examples.length < 5) examples.push({ sampleIndex: n, finalPrediction: final });
        } else if (examples.length < 5) {
          examples.push({ sampleIndex: n, finalPrediction: final });
        }
      }
      return { eps, correct, accuracy: correct / images.count, examples };
    }),
  );
}

async function setup(count: number) {
  const model = new LinearPixelClassifier(4, SIZE);
  const images = randomImages(count, SIZE);
  const predicted = await model.logits(images);
  // Labels: the model's own prediction for most samples (so they are attacked), wrong for every 4th.
  const labels = Int32Array.from({ length: count }, (_, n) => {
    const p = argmaxRow(predicted, n, 4);
    return n % 4 === 3 ? (p + 1) % 4 : p;
  });
  return { model, images, labels };
}

function batchesOf(images: ReturnType<typeof randomImages>, labels: Int32Array, size: number): LabelledImages[] {
  const out: LabelledImages[] = [];
  for (let s = 0; s < images.count; s += size) {
    const e = Math.min(images.count, s + size);
    out.push({ batch: sliceBatch(images, s, e), labels: labels.slice(s, e) });
  }
  return out;
}

test('the batched sweep reproduces the original per-image loop exactly (counts and examples)', async () => {
  const { model, images, labels } = await setup(23);
  const expected = await originalLoop(model, images, labels, ORIGINAL_EPSILONS);
  for (const batchSize of [1, 5, 23]) {
    const { results, exampleImages } = await runFgsmSweep(model, batchesOf(images, labels, batchSize));
    assert.equal(results.total, 23);
    assert.equal(results.initiallyCorrect, 23 - 5); // samples 3, 7, 11, 15, 19 are wrong
    results.epsilons.forEach((r, e) => {
      assert.equal(r.epsilon, ORIGINAL_EPSILONS[e]);
      assert.equal(r.correct, expected[e]!.correct, `eps ${r.epsilon} batch ${batchSize}`);
      assert.equal(r.accuracy, expected[e]!.accuracy);
      assert.deepEqual(
        r.examples.map((x) => ({ sampleIndex: x.sampleIndex, finalPrediction: x.finalPrediction })),
        expected[e]!.examples,
      );
      assert.equal(exampleImages[e]!.length, r.examples.length);
    });
    // Accuracy falls as epsilon grows on this model, and epsilon 0 keeps clean accuracy.
    assert.equal(results.epsilons[0]!.accuracy, results.cleanAccuracy);
    assert.ok(results.epsilons.at(-1)!.accuracy < results.cleanAccuracy);
  }
});

test('the gradient is computed once per batch and epsilon 0 needs no extra forward', async () => {
  const { model, images, labels } = await setup(10);
  model.logitsCalls = 0;
  await runFgsmSweep(model, batchesOf(images, labels, 4));
  assert.equal(model.gradientCalls, 3);
  assert.equal(model.logitsCalls, 3 * (ORIGINAL_EPSILONS.length - 1));
});

test('per-epsilon metrics: success rate, perturbation norms, confidence', async () => {
  const { model, images, labels } = await setup(12);
  const { results } = await runFgsmSweep(model, batchesOf(images, labels, 5), { epsilons: [0, '2/255', 0.05] });
  const [zero, small, big] = results.epsilons;
  assert.equal(zero!.meanLinf, 0);
  assert.equal(zero!.meanL2, 0);
  assert.equal(zero!.attackSuccessRate, 0);
  // Clamping to [0,1] can only shrink a step, never grow it.
  assert.ok(big!.meanLinf <= 0.05 + 1e-7 && big!.meanLinf > 0.04);
  assert.ok(small!.meanLinf <= 2 / 255 + 1e-7);
  assert.ok(big!.meanL2 > small!.meanL2);
  assert.equal(big!.attackSuccessRate, 1 - big!.correct / results.initiallyCorrect);
  assert.ok(big!.meanTrueClassConfidence < zero!.meanTrueClassConfidence);
  assert.deepEqual(JSON.parse(JSON.stringify(results)), results);
});

test('fgsmStep follows sign(0) = 0 and clamps to [0,1]', () => {
  const x = Float32Array.from([0, 0.5, 1, 0.999, 0.3]);
  const g = Float32Array.from([-1, 0, 2, 5, -0.1]);
  // float32 arithmetic, like PyTorch: 0.3f - 0.01f rounded to float32.
  const expected = Float32Array.from([0, 0.5, 1, 1, Math.fround(0.3) - Math.fround(0.01)]);
  assert.deepEqual(Array.from(fgsmStep(x, g, 0.01)), Array.from(expected));
});

test('bad epsilons and empty inputs are refused clearly', async () => {
  const { model, images, labels } = await setup(2);
  await assert.rejects(runFgsmSweep(model, batchesOf(images, labels, 2), { epsilons: [0, -0.1] }), /Invalid epsilon -0.1: it must be a finite number between 0 and 1/);
  await assert.rejects(runFgsmSweep(model, batchesOf(images, labels, 2), { epsilons: [Number.NaN] }), /Invalid epsilon NaN/);
  await assert.rejects(runFgsmSweep(model, batchesOf(images, labels, 2), { epsilons: [0, 1.5] }), /Invalid epsilon 1\.5: above 1/);
  await assert.rejects(runFgsmSweep(model, batchesOf(images, labels, 2), { epsilons: [] }), /epsilon list is empty/);
  await assert.rejects(runFgsmSweep(model, []), /got no images/);
});

test('non-finite logits stop the sweep instead of producing a meaningless accuracy', async () => {
  const { model, images, labels } = await setup(2);
  model.bias[0] = Number.NaN;
  await assert.rejects(runFgsmSweep(model, batchesOf(images, labels, 2)), (error: unknown) => error instanceof NumericalError && /non-finite logit \(NaN\) on clean images/.test(error.message));
});
