/**
 * A real, tiny differentiable classifier with an analytic gradient, for testing the counting and
 * example rules of attacks and sweeps exactly: logits = W x + b over the flattened pixels.
 */
import seedrandom from 'seedrandom';
import type { Classifier, ImageBatch, LossGradient } from '../../src/engines/index.js';
import { resnet18, type ModelSpec } from '../../src/models/index.js';

export class LinearPixelClassifier implements Classifier {
  readonly engine = 'test/linear';
  readonly spec: ModelSpec;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  logitsCalls = 0;
  gradientCalls = 0;

  constructor(readonly numClasses: number, readonly inputSize: number, seed = 1) {
    // Only numClasses/inputSize of the spec are used; the architecture name is nominal.
    this.spec = resnet18({ numClasses, inputSize });
    const random = seedrandom(String(seed));
    const features = inputSize * inputSize * 3;
    this.weights = Float32Array.from({ length: numClasses * features }, () => (random() - 0.5) * 0.2);
    this.bias = Float32Array.from({ length: numClasses }, () => (random() - 0.5) * 0.1);
  }

  private forward(batch: ImageBatch): Float32Array {
    const features = this.inputSize * this.inputSize * 3;
    const out = new Float32Array(batch.count * this.numClasses);
    for (let n = 0; n < batch.count; n++) {
      for (let k = 0; k < this.numClasses; k++) {
        let s = this.bias[k]!;
        for (let i = 0; i < features; i++) s += this.weights[k * features + i]! * batch.pixels[n * features + i]!;
        out[n * this.numClasses + k] = s;
      }
    }
    return out;
  }

  async logits(batch: ImageBatch): Promise<Float32Array> {
    this.logitsCalls++;
    return this.forward(batch);
  }

  async lossGradient(batch: ImageBatch, labels: Int32Array): Promise<LossGradient> {
    this.gradientCalls++;
    const logits = this.forward(batch);
    const features = this.inputSize * this.inputSize * 3;
    const gradient = new Float32Array(batch.pixels.length);
    for (let n = 0; n < batch.count; n++) {
      const row = logits.subarray(n * this.numClasses, (n + 1) * this.numClasses);
      const max = Math.max(...row);
      const exp = Array.from(row, (v) => Math.exp(v - max));
      const sum = exp.reduce((a, b) => a + b, 0);
      for (let k = 0; k < this.numClasses; k++) {
        const dLogit = exp[k]! / sum - (k === labels[n] ? 1 : 0);
        for (let i = 0; i < features; i++) gradient[n * features + i]! += dLogit * this.weights[k * features + i]!;
      }
    }
    return { logits, gradient };
  }

  dispose(): void {}
}

/** Seeded random images in [0,1]. */
export function randomImages(count: number, size: number, seed = 2): ImageBatch {
  const random = seedrandom(`images:${seed}`);
  const pixels = Float32Array.from({ length: count * size * size * 3 }, () => random());
  return { pixels, count, height: size, width: size };
}

export function sliceBatch(batch: ImageBatch, start: number, end: number): ImageBatch {
  const size = batch.height * batch.width * 3;
  return { ...batch, pixels: batch.pixels.slice(start * size, end * size), count: end - start };
}
