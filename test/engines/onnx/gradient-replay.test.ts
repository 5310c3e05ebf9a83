/**
 * The gradient graph checked against the forward graph alone, with no other engine involved:
 * central finite differences of the ONNX logits (loss summed in float64) along a direction must
 * equal the gradient's dot product with it. Directions: the gradient itself restricted to one
 * quadrant of one image (a strong signal, so a misrouted or misaligned backward shows) and a
 * random direction. A one-pixel-shifted gradient must fail the same check (the test can fail).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { OnnxClassifier } from '../../../src/engines/onnx/index.js';
import type { ImageBatch } from '../../../src/engines/index.js';
import { buildModelSpec } from '../../../src/models/index.js';
import { onnxSkipReason } from './available.js';
import { ODD_SIZE_CASES, crossEntropySum, dot, randomParams, smoothImages } from './helpers.js';

const NUM_CLASSES = 5;
/**
 * Step along a unit-L2 direction (per-pixel moves of ~1e-5). Measured worst quadrant errors:
 * step 3e-3 crosses too many ReLU kinks (resnet101 fails 3%), 3e-4 drowns in float32 noise of the
 * logits (resnet101's reach ~1e3), 1e-3 gives 0.4% / 0.8% / 1.4% for resnet18 / custom / resnet101.
 */
const STEP = 1e-3;
/**
 * A misaligned or misrouted backward is off by ~100% (the shifted control below). Directions built
 * from the gradient cannot see a piece it lacks (zeros there): the engine agreement tests do.
 */
const TOLERANCE = 3e-2;
const CASES = ODD_SIZE_CASES;

const skip = await onnxSkipReason();

function unit(values: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(values, values));
  return values.map((v) => v / norm);
}

/** d/dt of the summed loss at t = 0 along x + t d, by central differences of the forward graph. */
async function directionalDerivative(model: OnnxClassifier, batch: ImageBatch, labels: Int32Array, direction: Float32Array): Promise<number> {
  const moved = (sign: number) => ({ ...batch, pixels: batch.pixels.map((v, i) => v + sign * STEP * direction[i]!) });
  const plus = crossEntropySum(await model.logits(moved(1)), labels, NUM_CLASSES);
  const minus = crossEntropySum(await model.logits(moved(-1)), labels, NUM_CLASSES);
  return (plus - minus) / (2 * STEP);
}

/** The gradient kept on one quadrant of one image, zero elsewhere. */
function quadrant(gradient: Float32Array, size: number, sample: number, q: number): Float32Array {
  const out = new Float32Array(gradient.length);
  const [top, left] = [q < 2 ? 0 : size >> 1, q % 2 === 0 ? 0 : size >> 1];
  const [bottom, right] = [q < 2 ? size >> 1 : size, q % 2 === 0 ? size >> 1 : size];
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      for (let c = 0; c < 3; c++) {
        const i = ((sample * size + y) * size + x) * 3 + c;
        out[i] = gradient[i]!;
      }
    }
  }
  return out;
}

/** Worst relative error |fd - g.d| / |g.d| over the 4 quadrants of each image, with d = g on the quadrant. */
async function worstQuadrantError(model: OnnxClassifier, batch: ImageBatch, labels: Int32Array, gradient: Float32Array): Promise<number> {
  let worst = 0;
  for (let n = 0; n < batch.count; n++) {
    for (let q = 0; q < 4; q++) {
      const direction = unit(quadrant(gradient, batch.height, n, q));
      const predicted = dot(gradient, direction);
      const measured = await directionalDerivative(model, batch, labels, direction);
      worst = Math.max(worst, Math.abs(measured - predicted) / Math.abs(predicted));
    }
  }
  return worst;
}

describe('ONNX input gradient replayed by finite differences of the ONNX forward', { skip }, () => {
  for (const { architecture, size } of CASES) {
    test(`${architecture} at ${size} px`, async (t) => {
      const spec = buildModelSpec(architecture, { numClasses: NUM_CLASSES, inputSize: size });
      const model = await OnnxClassifier.create(spec, randomParams(spec, 9));
      try {
        const batch = smoothImages(2, size, 9);
        // The least likely class as the label: its loss is far from saturation, so the gradient is not ~0.
        const clean = await model.logits(batch);
        const labels = Int32Array.from({ length: batch.count }, (_, n) => {
          const row = Array.from(clean.subarray(n * NUM_CLASSES, (n + 1) * NUM_CLASSES));
          return row.indexOf(Math.min(...row));
        });
        const { gradient } = await model.lossGradient(batch, labels);

        const quadrantError = await worstQuadrantError(model, batch, labels, gradient);
        assert.ok(quadrantError <= TOLERANCE, `finite differences along the gradient's quadrants disagree by ${(quadrantError * 100).toFixed(2)}%`);

        const random = seedrandom(`direction:${architecture}`);
        const direction = unit(Float32Array.from(gradient, () => random() - 0.5));
        const gradientNorm = Math.sqrt(dot(gradient, gradient));
        const randomError = Math.abs((await directionalDerivative(model, batch, labels, direction)) - dot(gradient, direction)) / gradientNorm;
        assert.ok(randomError <= 5e-3, `finite differences along a random direction disagree by ${randomError.toExponential(2)} of |gradient|`);

        // The same check on a gradient shifted down one row, as a misaligned transposed conv would give, must fail.
        const rowLength = size * 3;
        const shifted = new Float32Array(gradient.length);
        for (let n = 0; n < batch.count; n++) {
          const start = n * size * rowLength;
          shifted.set(gradient.subarray(start, start + (size - 1) * rowLength), start + rowLength);
        }
        const shiftedError = await worstQuadrantError(model, batch, labels, shifted);
        assert.ok(shiftedError > 0.2, `a one-row-shifted gradient passed the check (error ${(shiftedError * 100).toFixed(1)}%)`);

        t.diagnostic(
          `${architecture}: along gradient quadrants worst error ${(quadrantError * 100).toFixed(3)}%, random direction ${randomError.toExponential(2)} of |g|, ` +
            `shifted gradient ${(shiftedError * 100).toFixed(0)}%`,
        );
      } finally {
        model.dispose();
      }
    });
  }
});
