/**
 * Transfer: adversarial faces crafted on one model (the source) and shown to another (the target),
 * the realistic threat when the attacker does not have the deployed model (RobFR measures it with
 * MI-FGSM). The models are face-api's recognizer, judged at the study's threshold against the
 * claimed person's template, and closed-set classifiers trained on the same people (our ResNets,
 * given the 150 px chips through ResizedClassifier). Every source crafts on the same pairs; the
 * images are saved in 8 bits; each target judges them:
 * - dodging succeeds when the recognizer rejects the genuine pair / the classifier names anyone
 *   but the person;
 * - impersonation succeeds when the recognizer accepts the claimed person / the classifier names them.
 * A target is scored only on the pairs it gets right without attack (its own eligible pairs).
 */
import type { Attack } from '../attacks/index.js';
import { fgsmAttack, miFgsmAttack, pgdAttack, parseEpsilon } from '../attacks/index.js';
import { FACE_REGIONS, regionMask } from '../data/face-regions.js';
import type { Classifier, FaceEmbedder, ImageBatch } from '../engines/types.js';
import { argmaxRow } from '../eval/metrics.js';
import { quantise8Bit } from '../eval/quantise.js';
import { wilsonInterval, type Rate } from '../eval/wilson.js';
import { regionAttack } from '../attacks/region.js';
import { attackPairs, succeeded, verificationAttack, type PairSet, type Threat } from './attack-pairs.js';
import { regionVerificationAttack, type RegionSettings } from './region-attacks.js';
import { rowDistance } from './protocol.js';

/** The transfer attacks: L-inf ones at two budgets, and the eyeglass frames. */
export const TRANSFER_ATTACKS = [
  { attack: 'fgsm', epsilonText: '4/255' },
  { attack: 'fgsm', epsilonText: '8/255' },
  { attack: 'mifgsm', epsilonText: '4/255' },
  { attack: 'mifgsm', epsilonText: '8/255' },
  { attack: 'pgd', epsilonText: '4/255' },
  { attack: 'pgd', epsilonText: '8/255' },
  { attack: 'glasses', epsilonText: '' },
] as const;

export type TransferAttackName = (typeof TRANSFER_ATTACKS)[number]['attack'];

/** A closed-set classifier of the study's people, taking the study's chips. */
export interface TransferClassifier {
  readonly name: string;
  readonly classifier: Classifier;
  /** Class index of each of the study's identities (plan.identities order). */
  readonly classOf: readonly number[];
}

export interface TransferPairs {
  /** The attacked faces (chips), one per pair. */
  readonly faces: ImageBatch;
  readonly landmarks: readonly Float32Array[];
  /** Identity (plan.identities index) of each face, and the identity it claims. */
  readonly identities: readonly number[];
  readonly claimed: readonly number[];
  /** Global indices of the pairs (seeded streams). */
  readonly indices: Int32Array;
}

export interface TransferContext {
  readonly embedder: FaceEmbedder;
  /** Templates [identities, embeddingSize] and the threshold the recognizer decides at. */
  readonly templates: Float32Array;
  readonly threshold: number;
  readonly classifiers: readonly TransferClassifier[];
  readonly steps: number;
  readonly seed: number;
  readonly region: RegionSettings;
}

export interface TransferCell {
  readonly threat: Threat;
  readonly attack: TransferAttackName;
  readonly epsilonText: string;
  /** The model the images were crafted on; for the baseline row, RANDOM_FRAME. */
  readonly source: string;
  readonly target: string;
  /** Among the pairs the target gets right without attack. */
  readonly success: Rate;
  /** The baseline: eyeglass frames of a random solid colour (no model), what wearing any frame does. */
  readonly baseline?: boolean;
}

export const RANDOM_FRAME = 'random colour frame';

export const RECOGNIZER_NAME = 'face-api recognizer';

/** The key of a recognizer-crafted attack the study already ran on the same pairs (reused, not run again). */
export function transferKey(threat: Threat, attack: TransferAttackName, epsilonText: string): string {
  return `${threat}/${attack}/${epsilonText}`;
}

/** Every (threat given, attack, source, target) cell; sources and targets are the recognizer then the classifiers. */
export async function transferCells(context: TransferContext, threat: Threat, pairs: TransferPairs, log: (line: string) => void = () => undefined, crafted: ReadonlyMap<string, Float32Array> = new Map()): Promise<TransferCell[]> {
  const names = [RECOGNIZER_NAME, ...context.classifiers.map((c) => c.name)];
  const masks = pairs.landmarks.map((landmarks) => regionMask(FACE_REGIONS.glasses, landmarks, pairs.faces.width, pairs.faces.height));
  const clean = await judgeAll(context, threat, pairs, pairs.faces.pixels);
  const cells: TransferCell[] = [];
  const judgeRow = async (attack: TransferAttackName, epsilonText: string, source: string, adversarial: Float32Array, baseline = false) => {
    const judged = await judgeAll(context, threat, pairs, quantise8Bit(adversarial));
    names.forEach((target, t) => {
      // Eligible: the target's decision without attack is the right one.
      const eligible = clean[t]!.map((wins, k) => (wins ? -1 : k)).filter((k) => k >= 0);
      cells.push({ threat, attack, epsilonText, source, target, success: wilsonInterval(eligible.filter((k) => judged[t]![k]).length, eligible.length), ...(baseline ? { baseline } : {}) });
    });
    const row = cells.slice(-names.length);
    log(`transfer ${threat} ${attack}${epsilonText ? ` ${epsilonText}` : ''} from ${source}: ${row.map((cell) => `${cell.target} ${cell.success.count}/${cell.success.total}`).join(', ')}`);
  };
  for (const { attack, epsilonText } of TRANSFER_ATTACKS) {
    for (const [s, source] of names.entries()) {
      const adversarial = s === 0 ? (crafted.get(transferKey(threat, attack, epsilonText)) ?? (await craftOnRecognizer(context, threat, pairs, attack, epsilonText, masks))) : await craftOnClassifier(context.classifiers[s - 1]!, context, threat, pairs, attack, epsilonText, masks);
      await judgeRow(attack, epsilonText, source, adversarial);
    }
    // The frames' baseline: the optimisation's random-colour start, crafted on no model.
    if (attack === 'glasses') await judgeRow(attack, epsilonText, RANDOM_FRAME, await craftOnRecognizer(context, threat, pairs, attack, epsilonText, masks, 0), true);
  }
  return cells;
}

/** Per target (recognizer, then classifiers), per pair: did the attack's goal hold on these images? */
async function judgeAll(context: TransferContext, threat: Threat, pairs: TransferPairs, pixels: Float32Array): Promise<boolean[][]> {
  const batch: ImageBatch = { ...pairs.faces, pixels };
  const dims = context.embedder.spec.embeddingSize;
  const embeddings = await inBatches(batch, dims, (part) => context.embedder.embed(part));
  const recognizer = pairs.claimed.map((claimed, k) => succeeded(threat, rowDistance(embeddings, k, context.templates, claimed, dims), context.threshold));
  const classifiers: boolean[][] = [];
  for (const { classifier, classOf } of context.classifiers) {
    const k = classifier.spec.numClasses;
    const logits = await inBatches(batch, k, (part) => classifier.logits(part));
    classifiers.push(
      pairs.claimed.map((claimed, n) => {
        const predicted = argmaxRow(logits, n, k);
        return threat === 'dodging' ? predicted !== classOf[pairs.identities[n]!] : predicted === classOf[claimed];
      }),
    );
  }
  return [recognizer, ...classifiers];
}

/** `regionSteps` 0 gives the frames' random-colour start (no gradient is taken). */
async function craftOnRecognizer(context: TransferContext, threat: Threat, pairs: TransferPairs, attack: TransferAttackName, epsilonText: string, masks: Uint8Array[], regionSteps = context.region.steps): Promise<Float32Array> {
  const dims = context.embedder.spec.embeddingSize;
  const references = new Float32Array(pairs.claimed.length * dims);
  pairs.claimed.forEach((identity, k) => references.set(context.templates.subarray(identity * dims, (identity + 1) * dims), k * dims));
  const set: PairSet = { faces: pairs.faces, references, indices: pairs.indices, ...(attack === 'glasses' ? { regions: masks } : {}) };
  const crafted = attack === 'glasses' ? regionVerificationAttack(threat, context.region, regionSteps) : verificationAttack(attack, threat, { steps: context.steps, seed: context.seed });
  const outcome = await attackPairs(context.embedder, set, threat, crafted, attack === 'glasses' ? 1 : parseEpsilon(epsilonText), context.threshold);
  return outcome.adversarial;
}

async function craftOnClassifier(source: TransferClassifier, context: TransferContext, threat: Threat, pairs: TransferPairs, attack: TransferAttackName, epsilonText: string, masks: Uint8Array[]): Promise<Float32Array> {
  const labels = Int32Array.from(pairs.identities, (identity) => source.classOf[identity]!);
  // Targets by global pair index: the claimed person's class.
  const byIndex = new Map(Array.from(pairs.indices, (index, k) => [index, source.classOf[pairs.claimed[k]!]!]));
  const target = threat === 'impersonation' ? { target: (_: number, index: number) => byIndex.get(index)! } : {};
  const epsilon = attack === 'glasses' ? 1 : parseEpsilon(epsilonText);
  const options = { ...target, seed: context.seed, epsilon };
  const crafted: Attack =
    attack === 'glasses'
      ? regionAttack({ ...options, steps: context.region.steps, tvWeight: context.region.tvWeight })
      : attack === 'fgsm'
        ? fgsmAttack(options)
        : attack === 'mifgsm'
          ? miFgsmAttack({ ...options, steps: context.steps })
          : pgdAttack({ ...options, steps: context.steps });
  const size = pairs.faces.width * pairs.faces.height * 3;
  const out = new Float32Array(pairs.faces.pixels.length);
  for (let start = 0; start < pairs.faces.count; start += BATCH) {
    const end = Math.min(pairs.faces.count, start + BATCH);
    const batch: ImageBatch = { ...pairs.faces, count: end - start, pixels: pairs.faces.pixels.subarray(start * size, end * size) };
    const result = await crafted.run(source.classifier, batch, labels.subarray(start, end), { sampleIndices: pairs.indices.subarray(start, end), regions: masks.slice(start, end) });
    out.set(result.adversarial.pixels, start * size);
  }
  return out;
}

const BATCH = 16;

async function inBatches(batch: ImageBatch, width: number, run: (part: ImageBatch) => Promise<Float32Array>): Promise<Float32Array> {
  const size = batch.height * batch.width * 3;
  const out = new Float32Array(batch.count * width);
  for (let start = 0; start < batch.count; start += BATCH) {
    const end = Math.min(batch.count, start + BATCH);
    out.set(await run({ ...batch, count: end - start, pixels: batch.pixels.subarray(start * size, end * size) }), start * width);
  }
  return out;
}
