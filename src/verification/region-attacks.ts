/**
 * Physical attacks on verification pairs: the perturbation confined to a region of the face placed
 * from its landmarks (eyeglass frames, a sticker: data/face-regions.ts), free in colour there and
 * smoothed by total variation (attacks/region.ts). Each region is run twice on the same pairs:
 * optimised, and as its own start — a random solid colour of the same shape — which is the
 * baseline: what wearing any such frame does. Success is judged at the threshold, as for the
 * digital attacks, on the float image and after 8-bit saving.
 */
import { regionAttack, regionTotalVariation, type Attack } from '../attacks/index.js';
import { FACE_REGIONS, faceFrame, maskCoverage, regionMask, type RegionName } from '../data/face-regions.js';
import { SAME } from '../engines/pair-verifier.js';
import type { FaceEmbedder } from '../engines/types.js';
import { mean } from '../eval/summary-stats.js';
import { wilsonInterval, type Rate } from '../eval/wilson.js';
import { attackPairs, succeeded, type PairSet, type Threat } from './attack-pairs.js';

export type RegionMethod = 'optimised' | 'random';

export interface RegionSettings {
  readonly steps: number;
  readonly tvWeight: number;
  readonly seed: number;
}

export interface RegionRow {
  readonly region: RegionName;
  readonly threat: Threat;
  /** `optimised`: the attack; `random`: a random solid colour in the same region (the baseline). */
  readonly method: RegionMethod;
  /** Mean share of the aligned face image (the chip) the region covers. */
  readonly coverage: number;
  readonly success: Rate;
  readonly success8Bit: Rate;
  readonly meanDistanceBefore: number;
  /** Mean distance to the claimed template after the attack, after 8-bit saving. */
  readonly meanDistanceAfter: number;
  /** Total variation per region pixel and channel (0 = flat colour): how smooth, how printable. */
  readonly meanTvPerPixel: number;
}

/** One attacked pair, for the gallery and the printable export (images in [0,1], HWC). */
export interface RegionExample {
  readonly region: RegionName;
  readonly threat: Threat;
  readonly probeName: string;
  readonly claimedName: string;
  readonly original: Float32Array;
  readonly optimised: Float32Array;
  readonly random: Float32Array;
  readonly mask: Uint8Array;
  /** Distances to the claimed template: clean, and after 8-bit saving of each attacked image. */
  readonly distanceBefore: number;
  readonly distanceOptimised: number;
  readonly distanceRandom: number;
  /** Chip pixels between the eye centres: with a real face's, it gives the frame's physical size. */
  readonly eyeDistancePixels: number;
}

export interface RegionPairs {
  readonly pairs: PairSet;
  /** Landmarks of each pair's face (chip pixels). */
  readonly landmarks: readonly Float32Array[];
  readonly distancesBefore: readonly number[];
  readonly probeNames: readonly string[];
  readonly claimedNames: readonly string[];
}

/** The region attack for a threat: dodging ascends the loss of SAME, impersonation descends it. */
export function regionVerificationAttack(threat: Threat, settings: RegionSettings, steps = settings.steps): Attack {
  return regionAttack({ ...(threat === 'impersonation' ? { target: SAME } : {}), steps, tvWeight: settings.tvWeight, seed: settings.seed, name: steps === 0 ? 'random-region' : 'region' });
}

/** Both rows (optimised, random) of one region and threat, and the first `exampleCount` pairs as examples. */
export async function attackRegion(embedder: FaceEmbedder, region: RegionName, threat: Threat, input: RegionPairs, settings: RegionSettings, threshold: number, exampleCount: number): Promise<{ rows: RegionRow[]; examples: RegionExample[]; optimised: Float32Array }> {
  const { faces } = input.pairs;
  const masks = input.landmarks.map((landmarks) => regionMask(FACE_REGIONS[region], landmarks, faces.width, faces.height));
  const pairs: PairSet = { ...input.pairs, regions: masks };
  const coverage = mean(masks.map(maskCoverage)) ?? 0;
  const size = faces.width * faces.height * 3;
  const outcomes = {
    optimised: await attackPairs(embedder, pairs, threat, regionVerificationAttack(threat, settings), 1, threshold),
    random: await attackPairs(embedder, pairs, threat, regionVerificationAttack(threat, settings, 0), 1, threshold),
  };
  const rows = (['optimised', 'random'] as const).map((method): RegionRow => {
    const outcome = outcomes[method];
    const wins = (distances: Float64Array) => wilsonInterval(Array.from(distances).filter((d) => succeeded(threat, d, threshold)).length, faces.count);
    const tv = masks.map((mask, n) => {
      const pixels = mask.reduce((sum, v) => sum + v, 0);
      return pixels ? regionTotalVariation(outcome.adversarial, mask, faces.width, faces.height, n * size) / (3 * pixels) : 0;
    });
    return {
      region,
      threat,
      method,
      coverage,
      success: wins(outcome.distances),
      success8Bit: wins(outcome.distances8Bit),
      meanDistanceBefore: mean(input.distancesBefore) ?? Number.NaN,
      meanDistanceAfter: mean(outcome.distances8Bit) ?? Number.NaN,
      meanTvPerPixel: mean(tv) ?? Number.NaN,
    };
  });
  const examples = Array.from({ length: Math.min(exampleCount, faces.count) }, (_, n): RegionExample => ({
    region,
    threat,
    probeName: input.probeNames[n]!,
    claimedName: input.claimedNames[n]!,
    original: faces.pixels.slice(n * size, (n + 1) * size),
    optimised: outcomes.optimised.adversarial.slice(n * size, (n + 1) * size),
    random: outcomes.random.adversarial.slice(n * size, (n + 1) * size),
    mask: masks[n]!,
    distanceBefore: input.distancesBefore[n]!,
    distanceOptimised: outcomes.optimised.distances8Bit[n]!,
    distanceRandom: outcomes.random.distances8Bit[n]!,
    eyeDistancePixels: faceFrame(input.landmarks[n]!).scale,
  }));
  return { rows, examples, optimised: outcomes.optimised.adversarial };
}
