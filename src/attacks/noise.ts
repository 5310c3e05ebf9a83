/**
 * Random-sign noise baseline: x + eps * s with s in {-1, +1} per pixel, seeded, clamped to [0,1].
 * With norm 'l2': x + eps * u, u a random unit direction (normalised Gaussian), clamped.
 * Same L-inf size as FGSM but no gradient: the gap between the two is what the attack's direction
 * buys. The sign pattern depends only on (seed, sample index), so it is the same at every epsilon.
 */
import type { Classifier, ImageBatch } from '../engines/types.js';
import { parseEpsilon } from './epsilon.js';
import { DEFAULT_EPSILON, DEFAULT_L2_EPSILON } from './fgsm-attack.js';
import { gaussianDirection, parseL2Budget } from './l2.js';
import { checkLabelSource, referenceLabels } from './labels.js';
import { sampleStream } from './seeded.js';
import { globalSampleIndex, type Attack, type AttackContext, type AttackResult, type BaseAttackOptions } from './types.js';

export type NoiseOptions = BaseAttackOptions;

export function randomSignNoise(options: NoiseOptions = {}): Attack<NoiseOptions> {
  const norm = options.norm ?? 'linf';
  const epsilon = norm === 'l2' ? parseL2Budget(options.epsilon ?? DEFAULT_L2_EPSILON) : parseEpsilon(options.epsilon ?? DEFAULT_EPSILON);
  const labelSource = options.labels ?? 'true';
  checkLabelSource(labelSource);
  const seed = options.seed ?? 0;
  return {
    name: options.name ?? (norm === 'l2' ? 'noise-l2' : 'noise'),
    kind: 'noise',
    targeted: false,
    epsilon,
    options,
    with: (overrides) => randomSignNoise({ ...options, ...overrides }),
    async run(model: Classifier, images: ImageBatch, labels: Int32Array, context: AttackContext = {}): Promise<AttackResult> {
      // Labels do not steer noise; they are resolved only so the result says which were used.
      const reference = await referenceLabels(model, images, labels, labelSource, context);
      const size = images.height * images.width * 3;
      const e = Math.fround(epsilon);
      const pixels = new Float32Array(images.pixels.length);
      for (let n = 0; n < images.count; n++) {
        const random = sampleStream(seed, 'noise', globalSampleIndex(context, n));
        if (norm === 'l2') {
          const direction = gaussianDirection(random, size);
          for (let i = 0; i < size; i++) {
            const v = images.pixels[n * size + i]! + epsilon * direction[i]!;
            pixels[n * size + i] = v < 0 ? 0 : v > 1 ? 1 : v;
          }
          continue;
        }
        for (let i = n * size; i < (n + 1) * size; i++) {
          const v = random() < 0.5 ? images.pixels[i]! - e : images.pixels[i]! + e;
          pixels[i] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
      }
      return { adversarial: { ...images, pixels }, labelSource, referenceLabels: reference };
    },
  };
}
