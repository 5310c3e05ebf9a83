/**
 * Dodging and impersonation on verification pairs, with the attacks we have: each pair is a face
 * and a claimed identity's template, judged at one threshold by PairVerifier (a 2-class view of
 * the recognizer). Success = the decision flips: a genuine pair rejected (dodging), an impostor
 * pair accepted (impersonation). Scored on the float image and after 8-bit saving.
 */
import type { Attack, IterativeOptions, Norm } from '../attacks/index.js';
import { fgsmAttack, miFgsmAttack, pgdAttack, bimAttack, randomSignNoise } from '../attacks/index.js';
import { DIFFERENT, PairVerifier, SAME } from '../engines/pair-verifier.js';
import type { FaceEmbedder, ImageBatch } from '../engines/types.js';
import { quantise8Bit } from '../eval/quantise.js';
import type { VerificationAttackName } from './settings.js';

export type Threat = 'dodging' | 'impersonation';

export interface AttackSettings {
  /** Gradient steps of BIM, MI-FGSM and PGD. */
  readonly steps: number;
  readonly seed: number;
  /** Default L-inf. */
  readonly norm?: Norm;
}

/** The attack for a threat: dodging ascends the loss of SAME (untargeted), impersonation descends it (targeted at SAME). */
export function verificationAttack(name: VerificationAttackName, threat: Threat, settings: AttackSettings): Attack {
  const target = threat === 'impersonation' ? { target: SAME } : {};
  const norm = settings.norm ?? 'linf';
  const iterative: IterativeOptions = { ...target, steps: settings.steps, seed: settings.seed, name, norm };
  switch (name) {
    case 'fgsm':
      return fgsmAttack({ ...target, name, norm });
    case 'bim':
      return bimAttack(iterative);
    case 'mifgsm':
      return miFgsmAttack(iterative);
    case 'pgd':
      return pgdAttack(iterative);
    case 'noise':
      return randomSignNoise({ seed: settings.seed, name, norm });
  }
}

export interface PairSet {
  /** Face images, one per pair. */
  readonly faces: ImageBatch;
  /** Claimed identity's template per pair: [count, embeddingSize]. */
  readonly references: Float32Array;
  /** Global pair indices (seeded random streams are per pair, whatever the batching). */
  readonly indices: Int32Array;
  /** Region attacks: the mask of each pair's face (width * height, 1 = the attack may change the pixel). */
  readonly regions?: readonly Uint8Array[];
}

export interface PairOutcome {
  /** Distance to the claimed template after the attack, on the float image and after 8-bit saving. */
  readonly distances: Float64Array;
  readonly distances8Bit: Float64Array;
  /** The adversarial images (float). */
  readonly adversarial: Float32Array;
}

/** Runs `attack` at `epsilon` on every pair, in batches; pairs keep their order. */
export async function attackPairs(embedder: FaceEmbedder, pairs: PairSet, threat: Threat, attack: Attack, epsilon: number, threshold: number, batchSize = 16): Promise<PairOutcome> {
  const { faces, references } = pairs;
  const size = faces.height * faces.width * 3;
  const dims = embedder.spec.embeddingSize;
  const adversarial = new Float32Array(faces.pixels.length);
  const distances = new Float64Array(faces.count);
  const distances8Bit = new Float64Array(faces.count);
  const configured = attack.with({ epsilon });
  for (let start = 0; start < faces.count; start += batchSize) {
    const end = Math.min(faces.count, start + batchSize);
    const batch: ImageBatch = { ...faces, count: end - start, pixels: faces.pixels.subarray(start * size, end * size) };
    const verifier = new PairVerifier(embedder, references.subarray(start * dims, end * dims), threshold);
    const labels = new Int32Array(end - start).fill(threat === 'dodging' ? SAME : DIFFERENT);
    const result = await configured.run(verifier, batch, labels, { sampleIndices: pairs.indices.subarray(start, end), regions: pairs.regions?.slice(start, end) });
    adversarial.set(result.adversarial.pixels, start * size);
    distances.set(await verifier.distances(result.adversarial), start);
    distances8Bit.set(await verifier.distances({ ...result.adversarial, pixels: quantise8Bit(result.adversarial.pixels) }), start);
  }
  return { distances, distances8Bit, adversarial };
}

/** Whether the attack reached its goal for a pair at this distance. */
export function succeeded(threat: Threat, distance: number, threshold: number): boolean {
  return threat === 'dodging' ? !(distance < threshold) : distance < threshold;
}
