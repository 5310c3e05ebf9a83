/**
 * Region attacks: the perturbation lives only inside a mask per image — printed eyeglass frames
 * (Sharif et al., "Accessorize to a Crime", 2016), a sticker — and is free in colour there
 * (epsilon 1 by default: any value in [0,1]; a smaller epsilon bounds the change as L-inf inside
 * the region). Outside the mask every pixel is the original's, exactly.
 *
 * The region starts as a seeded random solid colour (a plain frame; `start: 'original'` keeps the
 * original pixels instead), then `steps` signed-gradient steps follow, as PGD's, on
 *   loss / mean|grad loss| - tvWeight * grad TV
 * (the loss ascended, or descended toward a target): the loss gradient is normalised per image so
 * that tvWeight means the same for any model, and total variation (see ./total-variation.ts) keeps
 * the pattern smooth enough to print. With 0 steps the result is the start: the random-colour
 * region that is the attack's baseline.
 */
import type { Classifier, ImageBatch } from '../engines/types.js';
import { parseEpsilon, type EpsilonInput } from './epsilon.js';
import { checkLabelSource, checkTargetChoice, referenceLabels, resolveTargets } from './labels.js';
import { sampleStream } from './seeded.js';
import { regionTotalVariation } from './total-variation.js';
import { globalSampleIndex, type Attack, type AttackContext, type AttackResult, type BaseAttackOptions, type TargetChoice } from './types.js';

export const REGION_STARTS = ['random-colour', 'original'] as const;
export type RegionStart = (typeof REGION_STARTS)[number];

export interface RegionAttackOptions extends BaseAttackOptions {
  /** Signed-gradient steps. Default 40; 0 gives the start (the random-colour baseline). */
  readonly steps?: number;
  /** Step size: number or "k/255". Default 4/255. */
  readonly stepSize?: EpsilonInput;
  /** Weight of total variation against the normalised loss gradient. Default 0.3 (on ORL: smoother by 40% than 0.1, impersonation 57% instead of 69%). */
  readonly tvWeight?: number;
  /** What the region holds before the first step. Default 'random-colour'. */
  readonly start?: RegionStart;
  readonly target?: TargetChoice;
}

export const REGION_DEFAULTS = { steps: 40, stepSize: 4 / 255, tvWeight: 0.3 } as const;

export function regionAttack(options: RegionAttackOptions = {}): Attack<RegionAttackOptions> {
  if (options.norm !== undefined && options.norm !== 'linf') throw new Error(`A region attack bounds each pixel of its region (L-inf); norm ${JSON.stringify(options.norm)} is not supported.`);
  const epsilon = parseEpsilon(options.epsilon ?? 1);
  const steps = options.steps ?? REGION_DEFAULTS.steps;
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`Invalid steps ${String(steps)}: give an integer >= 0 (0 keeps the start).`);
  const stepSize = options.stepSize === undefined ? REGION_DEFAULTS.stepSize : parseEpsilon(options.stepSize, 'step size');
  const tvWeight = options.tvWeight ?? REGION_DEFAULTS.tvWeight;
  if (!(Number.isFinite(tvWeight) && tvWeight >= 0)) throw new Error(`Invalid tvWeight ${String(options.tvWeight)}: give a finite number >= 0.`);
  const start = options.start ?? 'random-colour';
  if (!(REGION_STARTS as readonly string[]).includes(start)) throw new Error(`Invalid start ${JSON.stringify(start)}: choose ${REGION_STARTS.join(' or ')}.`);
  const labelSource = options.labels ?? 'true';
  checkLabelSource(labelSource);
  checkTargetChoice(options.target);
  const targeted = options.target !== undefined;
  const seed = options.seed ?? 0;

  return {
    name: options.name ?? `region${targeted ? '-targeted' : ''}`,
    kind: 'region',
    targeted,
    epsilon,
    options,
    with: (overrides) => regionAttack({ ...options, ...overrides }),
    async run(model: Classifier, images: ImageBatch, labels: Int32Array, context: AttackContext = {}): Promise<AttackResult> {
      const masks = checkRegions(context.regions, images);
      const reference = await referenceLabels(model, images, labels, labelSource, context);
      const targets = targeted ? resolveTargets(options.target!, reference, model.spec.numClasses, context) : undefined;
      const lossLabels = targets ?? reference;
      const direction = targeted ? -1 : 1;
      const { width, height } = images;
      const size = width * height * 3;
      const origin = images.pixels;
      const x = origin.slice();
      if (start === 'random-colour') {
        for (let n = 0; n < images.count; n++) {
          const random = sampleStream(seed, 'region:colour', globalSampleIndex(context, n));
          const colour = [random(), random(), random()];
          forRegion(masks[n]!, n * size, (i, c) => (x[i] = clampTo(colour[c]!, origin[i]!, epsilon)));
        }
      }
      const tvGradient = new Float32Array(x.length);
      for (let t = 0; t < steps; t++) {
        const { gradient } = await model.lossGradient({ ...images, pixels: x }, lossLabels);
        tvGradient.fill(0);
        for (let n = 0; n < images.count; n++) {
          const mask = masks[n]!;
          if (tvWeight > 0) regionTotalVariation(x, mask, width, height, n * size, tvGradient);
          let sum = 0;
          let count = 0;
          forRegion(mask, n * size, (i) => {
            sum += Math.abs(gradient[i]!);
            count++;
          });
          const scale = sum > 0 ? count / sum : 0;
          forRegion(mask, n * size, (i) => {
            const d = direction * gradient[i]! * scale - tvWeight * tvGradient[i]!;
            if (d !== 0) x[i] = clampTo(d > 0 ? x[i]! + stepSize : x[i]! - stepSize, origin[i]!, epsilon);
          });
        }
      }
      return { adversarial: { ...images, pixels: x }, labelSource, referenceLabels: reference, targets };
    },
  };
}

/** Calls `visit(index, channel)` for every value of the image at `offset` whose pixel is in `mask`. */
function forRegion(mask: Uint8Array, offset: number, visit: (index: number, channel: number) => void): void {
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    for (let c = 0; c < 3; c++) visit(offset + 3 * p + c, c);
  }
}

/** v kept within epsilon of the original value and in [0,1], stored as float32. */
function clampTo(v: number, original: number, epsilon: number): number {
  const low = Math.max(0, original - epsilon);
  const high = Math.min(1, original + epsilon);
  return Math.fround(v < low ? low : v > high ? high : v);
}

function checkRegions(regions: AttackContext['regions'], images: ImageBatch): readonly Uint8Array[] {
  if (!regions) throw new Error('A region attack needs a mask per image: pass context.regions (e.g. from regionMask of the face landmarks).');
  if (regions.length !== images.count) throw new Error(`A region attack got ${regions.length} masks for ${images.count} images: give one per image.`);
  const pixels = images.width * images.height;
  regions.forEach((mask, n) => {
    if (mask.length !== pixels) throw new Error(`Region mask ${n} has ${mask.length} pixels; the images are ${images.width}x${images.height} (${pixels}).`);
  });
  return regions;
}
