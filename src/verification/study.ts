/**
 * The face verification study: real photos -> aligned chips -> face-api's recognizer on our engine
 * -> gallery templates, a threshold chosen on held-out pairs -> clean TAR/FAR, ROC, EER -> dodging
 * and impersonation with each attack at each epsilon, judged at that threshold (success = the
 * decision flips), with Wilson intervals, per person, and a "who can impersonate whom" matrix.
 */
import { join } from 'node:path';
import { displayPath } from '../core/display-path.js';
import { hashFiles, imagesSha256 } from '../study/manifest.js';
import { FACEAPI_RECOGNIZER_MANIFEST, faceApiModelFolder } from '../weights/faceapi.js';
import { parseL2Budget, tidyEpsilonList, type EpsilonInput, type Norm } from '../attacks/index.js';
import { sampleStream } from '../attacks/seeded.js';
import { prepareFaceChips, type SkippedPhoto } from '../data/face-chips.js';
import { loadFaceIndex } from '../data/face-index.js';
import { CHIP_SIZE, type FaceMode } from '../engines/faceapi/aligner.js';
import { loadFaceRecognizer, type EngineChoice } from '../engines/load.js';
import type { FaceEmbedder, ImageBatch } from '../engines/types.js';
import { acceptRate, equalErrorRate, rocArea, rocCurve, thresholdAtFar, type FarThreshold, type RocPoint } from '../eval/verification.js';
import { wilsonInterval, type Rate } from '../eval/wilson.js';
import { mean } from '../eval/summary-stats.js';
import { toUnitFloat } from '../data/images.js';
import { numberFormat } from '../i18n/numbers.js';
import { attackPairs, succeeded, verificationAttack, type PairSet, type Threat } from './attack-pairs.js';
import { attackRegion, type RegionExample, type RegionPairs, type RegionRow } from './region-attacks.js';
import { loadTransferClassifiers } from './transfer-models.js';
import { RECOGNIZER_NAME, TRANSFER_ATTACKS, transferCells, transferKey, type TransferAttackName, type TransferCell, type TransferPairs } from './transfer.js';
import type { RegionName } from '../data/face-regions.js';
import { galleryTemplates, planVerification, probeDistances, rowDistance, type VerificationPlan } from './protocol.js';
import { defaultFaceMode, defaultOrlDir, defaultTransferModels, THRESHOLD_CHOICES, VERIFY_SETTINGS, type ThresholdChoice, type VerificationAttackName } from './settings.js';
import { checkSettings } from '../study/settings-schema.js';
import { throwIfAborted } from '../study/errors.js';


export interface VerificationStudyOptions {
  /** Dataset folder (Kaggle layout: Faces/ + Dataset.csv). Default the bundled ORL faces. */
  readonly data?: string;
  /** `detect`: find one face per photo; `cropped`: each photo already is a face. Default cropped for the bundled ORL faces, else detect. */
  readonly faces?: FaceMode;
  readonly minConfidence?: number;
  readonly cacheDir?: string | false;
  readonly galleryPhotos?: number;
  readonly calibrationPhotos?: number;
  /** FAR the threshold is chosen for, on the calibration pairs. Default 1e-3. */
  readonly targetFar?: number;
  /** The threshold attacks are judged at. Default `far`. */
  readonly threshold?: ThresholdChoice;
  /** Default 0, 1/255, 2/255, 4/255, 8/255. */
  readonly epsilons?: readonly EpsilonInput[];
  /** L2 budgets (the perturbation's Euclidean length; one grey level on every pixel is ~1.02). Default 0.5, 1, 2; [] skips L2. */
  readonly l2Epsilons?: readonly EpsilonInput[];
  readonly attacks?: readonly VerificationAttackName[];
  /** Steps of the iterative attacks. Default 5. */
  readonly steps?: number;
  /** Physical attacks: the regions (eyeglass frames, stickers) attacked, each optimised and as a random-colour baseline. Default glasses and forehead; [] skips them. */
  readonly regions?: readonly RegionName[];
  /** Gradient steps of the region attacks. Default 40. */
  readonly regionSteps?: number;
  /** Weight of the region's total variation (smoothness). Default 0.3. */
  readonly tvWeight?: number;
  /** Classifiers of the same people (weights files with class names) for the transfer table; default the bundled ORL classifiers for the bundled ORL faces, else none; [] skips transfer. */
  readonly transferModels?: readonly string[];
  /** Test photos per person that are attacked. Default 2. */
  readonly attackedPhotos?: number;
  /** People in the impersonation matrix (everyone against everyone, PGD at the largest epsilon). Default 6; 0 skips it. */
  readonly matrixPeople?: number;
  readonly seed?: number;
  readonly backend?: EngineChoice;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Stops the run between batches (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface ThresholdInfo {
  readonly value: number;
  readonly how: string;
}

export interface CleanMetrics {
  readonly genuinePairs: number;
  readonly impostorPairs: number;
  readonly auc: number;
  readonly eer: number;
  /** TAR and FAR on the test pairs at each threshold. */
  readonly at: Record<ThresholdChoice, { readonly tar: Rate; readonly far: Rate }>;
  /** The usual operating points: the threshold chosen on held-out pairs for FAR 1e-2 and 1e-3, then TAR and FAR measured on the test pairs. */
  readonly operatingPoints: readonly { readonly targetFar: number; readonly threshold: number; readonly measurable: boolean; readonly tar: Rate; readonly far: Rate }[];
  /** The test ROC, thinned to at most ~200 points. */
  readonly roc: readonly RocPoint[];
}

export interface AttackRow {
  readonly attack: VerificationAttackName;
  readonly threat: Threat;
  /** Which length epsilon bounds: L-inf (k/255 per pixel) or L2 (Euclidean length of the whole perturbation). */
  readonly norm: Norm;
  readonly epsilon: number;
  readonly epsilonText: string;
  /** Pairs attacked: genuine pairs accepted clean (dodging), impostor pairs rejected clean (impersonation). */
  readonly success: Rate;
  readonly success8Bit: Rate;
  readonly meanDistanceBefore: number;
  readonly meanDistanceAfter: number;
  readonly perPerson: readonly { readonly name: string; readonly attempted: number; readonly succeeded: number }[];
}

export interface ImpersonationMatrix {
  readonly attack: VerificationAttackName;
  readonly epsilon: number;
  readonly people: readonly string[];
  /** success[source][target]: 1, 0, or null on the diagonal (or when the clean pair was already accepted). */
  readonly success: readonly (readonly (number | null)[])[];
  readonly distanceAfter: readonly (readonly (number | null)[])[];
}

export interface VerificationExample {
  readonly probeName: string;
  readonly targetName: string;
  readonly probe: Float32Array;
  readonly adversarial: Float32Array;
  /** The target's first enrolled photo. */
  readonly target: Float32Array;
  readonly distanceBefore: number;
  readonly distanceAfter: number;
}

/** A few impersonation pairs with their images (the strongest attack at the largest epsilon), for the faces grid; not in the JSON. */
export interface VerificationExamples {
  readonly attack: VerificationAttackName;
  readonly epsilonText: string;
  /** Side of the square images. */
  readonly size: number;
  readonly items: readonly VerificationExample[];
}

export interface VerificationResults {
  readonly engine: string;
  /** What the numbers were computed from: sha256 of the photos (names and bytes, in index order) and of the recognizer's weights files. */
  readonly provenance: { readonly dataSha256: string; readonly weightsSha256: string; readonly weightsFiles: readonly string[] };
  readonly settings: Required<Pick<VerificationStudyOptions, 'faces' | 'targetFar' | 'threshold' | 'steps' | 'attackedPhotos' | 'matrixPeople' | 'seed' | 'galleryPhotos' | 'calibrationPhotos'>> & { readonly epsilons: readonly number[]; readonly l2Epsilons: readonly number[]; readonly attacks: readonly VerificationAttackName[]; readonly data: string; readonly regions: readonly RegionName[]; readonly regionSteps: number; readonly tvWeight: number; readonly transferModels: readonly string[] };
  readonly photos: { readonly total: number; readonly chips: number; readonly cached: number; readonly skipped: readonly SkippedPhoto[] };
  readonly protocol: { readonly people: readonly string[]; readonly leftOut: VerificationPlan['leftOut']; readonly gallery: number; readonly calibration: number; readonly test: number };
  readonly thresholds: Record<ThresholdChoice, ThresholdInfo> & { readonly farChoice: FarThreshold; readonly attackedAt: ThresholdChoice };
  readonly clean: CleanMetrics;
  readonly attacks: readonly AttackRow[];
  readonly matrix?: ImpersonationMatrix;
  readonly examples?: VerificationExamples;
  /** The physical attacks: per region and threat, the optimised attack and its random-colour baseline. */
  readonly regions: readonly RegionRow[];
  /** The first pairs of each region and threat: original, optimised and random region. */
  readonly regionExamples: readonly RegionExample[];
  /** Transfer: adversarial faces crafted on each model, judged by each model (absent when no classifier is given). */
  readonly transfer?: { /** The recognizer first, then the classifiers. */ readonly models: readonly string[]; readonly cells: readonly TransferCell[] };
  readonly seconds: number;
}

/** How many impersonation pairs the faces grid shows. */
const EXAMPLE_PAIRS = 4;

/** TAR is reported at these FARs (thresholds from the held-out pairs). */
const OPERATING_FARS = [1e-2, 1e-3] as const;

export async function runVerificationStudy(options: VerificationStudyOptions): Promise<VerificationResults> {
  const started = Date.now();
  checkSettings(VERIFY_SETTINGS, options as Record<string, unknown>);
  const log = options.log ?? (() => undefined);
  const defaults = VERIFY_SETTINGS;
  const data = options.data ?? defaultOrlDir();
  const faces = options.faces ?? defaultFaceMode(data);
  const targetFar = options.targetFar ?? defaults.targetFar.defaultValue!;
  const attackedAt = options.threshold ?? defaults.threshold.defaultValue!;
  const { epsilons, texts } = tidyEpsilonList(options.epsilons ?? defaults.epsilons.defaultValue!);
  const l2Epsilons = [...new Set((options.l2Epsilons ?? defaults.l2Epsilons.defaultValue!).map((value) => parseL2Budget(value)))].sort((a, b) => a - b);
  const attackNames = options.attacks ?? (defaults.attacks.defaultValue as readonly VerificationAttackName[]);
  const steps = options.steps ?? defaults.steps.defaultValue!;
  const attackedPhotos = options.attackedPhotos ?? defaults.attackedPhotos.defaultValue!;
  const matrixPeople = options.matrixPeople ?? defaults.matrixPeople.defaultValue!;
  const seed = options.seed ?? defaults.seed.defaultValue!;
  const galleryPhotos = options.galleryPhotos ?? defaults.galleryPhotos.defaultValue!;
  const regions = options.regions ?? defaults.regions.defaultValue!;
  const transferModels = options.transferModels ?? defaultTransferModels(data);
  const regionSettings = { steps: options.regionSteps ?? defaults.regionSteps.defaultValue!, tvWeight: options.tvWeight ?? defaults.tvWeight.defaultValue!, seed };
  const calibrationPhotos = options.calibrationPhotos ?? defaults.calibrationPhotos.defaultValue!;

  const index = await loadFaceIndex(data, { warn: log });
  log(`${index.entries.length} photos of ${index.classNames.length} people in ${data}; aligning faces (${faces})...`);
  const prepared = await prepareFaceChips(index.entries, { mode: faces, minConfidence: options.minConfidence, cacheDir: options.cacheDir });
  log(`${prepared.chips.length} faces ready (${prepared.cached} from the cache), ${prepared.skipped.length} photos skipped.`);
  const plan = planVerification(prepared.chips, { galleryPhotos, calibrationPhotos });

  const { embedder, notes } = await loadFaceRecognizer({ backend: options.backend });
  for (const note of notes) log(note);
  try {
    const dims = embedder.spec.embeddingSize;
    const chipPixels = chipBatch(plan.chips.map((c) => c.chip.chip));
    const embeddings = await embedInBatches(embedder, chipPixels);
    const templates = galleryTemplates(plan, embeddings, dims);
    const calibration = probeDistances(plan, embeddings, templates, dims, 'calibration');
    const test = probeDistances(plan, embeddings, templates, dims, 'test');

    const farChoice = thresholdAtFar(calibration.impostor, targetFar);
    const calibrationEer = equalErrorRate(calibration.genuine, calibration.impostor);
    const thresholds: Record<ThresholdChoice, ThresholdInfo> = {
      far: { value: farChoice.threshold, how: `FAR ${targetFar} on ${calibration.impostor.length} held-out impostor pairs${farChoice.measurable ? '' : ' (too few to measure it: no impostor pair is accepted)'}` },
      eer: { value: calibrationEer.threshold, how: `equal error rate on the held-out pairs (${(100 * calibrationEer.eer).toFixed(1)}%)` },
      faceapi: { value: embedder.spec.matchThreshold, how: "face-api's published same-person distance" },
    };
    const roc = rocCurve(test.genuine, test.impostor);
    const clean: CleanMetrics = {
      genuinePairs: test.genuine.length,
      impostorPairs: test.impostor.length,
      auc: rocArea(roc),
      eer: equalErrorRate(test.genuine, test.impostor).eer,
      at: Object.fromEntries(THRESHOLD_CHOICES.map((choice) => [choice, { tar: acceptRate(test.genuine, thresholds[choice].value), far: acceptRate(test.impostor, thresholds[choice].value) }])) as CleanMetrics['at'],
      roc: thin(roc, 200),
      operatingPoints: OPERATING_FARS.map((far) => {
        const chosen = thresholdAtFar(calibration.impostor, far);
        return { targetFar: far, threshold: chosen.threshold, measurable: chosen.measurable, tar: acceptRate(test.genuine, chosen.threshold), far: acceptRate(test.impostor, chosen.threshold) };
      }),
    };
    const threshold = thresholds[attackedAt].value;
    log(`clean test pairs: TAR ${percent(clean.at[attackedAt].tar.rate)} at FAR ${percent(clean.at[attackedAt].far.rate)} (threshold ${threshold.toFixed(3)}, ${attackedAt}); AUC ${clean.auc.toFixed(3)}, EER ${percent(clean.eer)}`);

    // The attacked probes: the first `attackedPhotos` test photos of each person.
    const attacked = plan.chips.map((c, n) => ({ ...c, n })).filter((c) => c.role === 'test').filter((c, k, all) => all.slice(0, k).filter((o) => o.identity === c.identity).length < attackedPhotos);
    const people = plan.identities.length;
    const targetOf = attacked.map((c, k) => (c.identity + 1 + Math.floor(sampleStream(seed, 'impersonation-target', k)() * (people - 1))) % people);
    const rows: AttackRow[] = [];
    // Every (norm, attack, epsilon) in report order; MI-FGSM is L-inf only.
    const attackPlan = [
      ...attackNames.flatMap((name) => epsilons.map((epsilon, e) => ({ norm: 'linf' as Norm, name, epsilon, text: texts[e]!, last: e === epsilons.length - 1 }))),
      ...attackNames.filter((name) => name !== 'mifgsm').flatMap((name) => l2Epsilons.map((epsilon, e) => ({ norm: 'l2' as Norm, name, epsilon, text: `${epsilon}`, last: e === l2Epsilons.length - 1 }))),
    ];
    if (l2Epsilons.length && attackNames.includes('mifgsm')) log('MI-FGSM runs with the L-inf budgets only.');
    const exampleAttack = (['pgd', 'mifgsm', 'bim', 'fgsm'] as const).find((a) => attackNames.includes(a));
    let examples: VerificationExamples | undefined;
    const regionInputs = new Map<Threat, RegionPairs>();
    const transferInputs = new Map<Threat, TransferPairs>();
    // Recognizer-crafted images the transfer table needs, kept from the runs above (same pairs, same seeds).
    const crafted = new Map<string, Float32Array>();
    const transferWanted = new Set(TRANSFER_ATTACKS.map(({ attack, epsilonText }) => `${attack}/${epsilonText}`));
    for (const threat of ['dodging', 'impersonation'] as const) {
      const claimed = threat === 'dodging' ? attacked.map((c) => c.identity) : targetOf;
      const before = attacked.map((c, k) => rowDistance(embeddings, c.n, templates, claimed[k]!, dims));
      // Only pairs whose clean decision is the right one can be flipped by the attack.
      const eligible = attacked.map((_, k) => k).filter((k) => (threat === 'dodging' ? before[k]! < threshold : !(before[k]! < threshold)));
      const pairs = pairSet(eligible.map((k) => attacked[k]!.chip.chip), templates, eligible.map((k) => claimed[k]!), eligible, dims);
      regionInputs.set(threat, {
        pairs,
        landmarks: eligible.map((k) => attacked[k]!.chip.landmarks),
        distancesBefore: eligible.map((k) => before[k]!),
        probeNames: eligible.map((k) => plan.identities[attacked[k]!.identity]!),
        claimedNames: eligible.map((k) => plan.identities[claimed[k]!]!),
      });
      transferInputs.set(threat, { faces: pairs.faces, landmarks: eligible.map((k) => attacked[k]!.chip.landmarks), identities: eligible.map((k) => attacked[k]!.identity), claimed: eligible.map((k) => claimed[k]!), indices: pairs.indices });
      for (const { norm, name, epsilon, text, last: lastEpsilon } of attackPlan) {
        const attack = verificationAttack(name, threat, { steps, seed, norm });
        throwIfAborted(options.signal, `before ${threat} ${name} at epsilon ${text}`);
        const outcome = await attackPairs(embedder, pairs, threat, attack, epsilon, threshold);
        const transferText = `${Math.round(epsilon * 255 * 1e6) / 1e6}/255`;
        if (transferModels.length && norm === 'linf' && transferWanted.has(`${name}/${transferText}`)) crafted.set(transferKey(threat, name as TransferAttackName, transferText), outcome.adversarial);
        const wins = eligible.map((_, j) => succeeded(threat, outcome.distances[j]!, threshold));
        const wins8 = eligible.map((_, j) => succeeded(threat, outcome.distances8Bit[j]!, threshold));
        rows.push({
          attack: name,
          threat,
          norm,
          epsilon,
          epsilonText: text,
          success: wilsonInterval(wins.filter(Boolean).length, eligible.length),
          success8Bit: wilsonInterval(wins8.filter(Boolean).length, eligible.length),
          meanDistanceBefore: mean(eligible.map((k) => before[k]!)) ?? Number.NaN,
          meanDistanceAfter: mean(outcome.distances) ?? Number.NaN,
          perPerson: plan.identities.map((name, identity) => {
            const mine = eligible.map((k, j) => [attacked[k]!.identity, j] as const).filter(([id]) => id === identity);
            return { name, attempted: mine.length, succeeded: mine.filter(([, j]) => wins[j]).length };
          }),
        });
        if (threat === 'impersonation' && norm === 'linf' && name === exampleAttack && lastEpsilon && epsilon > 0) {
          const size = CHIP_SIZE * CHIP_SIZE * 3;
          examples = {
            attack: name,
            epsilonText: text,
            size: CHIP_SIZE,
            items: eligible.slice(0, EXAMPLE_PAIRS).map((k, j) => ({
              probeName: plan.identities[attacked[k]!.identity]!,
              targetName: plan.identities[claimed[k]!]!,
              probe: pairs.faces.pixels.slice(j * size, (j + 1) * size),
              adversarial: outcome.adversarial.slice(j * size, (j + 1) * size),
              target: chipBatch([plan.chips.find((c) => c.identity === claimed[k] && c.role === 'gallery')!.chip.chip]).pixels,
              distanceBefore: before[k]!,
              distanceAfter: outcome.distances[j]!,
            })),
          };
        }
        const last = rows.at(-1)!;
        log(`${threat} ${name}${norm === 'l2' ? ' (L2)' : ''} eps ${text}: ${last.success.count}/${last.success.total} (${percent(last.success.rate)})`);
      }
    }

    const regionRows: RegionRow[] = [];
    const regionExamples: RegionExample[] = [];
    for (const region of regions) {
      for (const threat of ['dodging', 'impersonation'] as const) {
        throwIfAborted(options.signal, `before ${threat} with ${region}`);
        const found = await attackRegion(embedder, region, threat, regionInputs.get(threat)!, regionSettings, threshold, EXAMPLE_PAIRS);
        regionRows.push(...found.rows);
        regionExamples.push(...found.examples);
        if (region === 'glasses') crafted.set(transferKey(threat, 'glasses', ''), found.optimised);
        const [optimised, random] = found.rows;
        log(`${threat} ${region} (${percent(optimised!.coverage)} of the face image): ${optimised!.success8Bit.count}/${optimised!.success8Bit.total} (${percent(optimised!.success8Bit.rate)}); random colour ${random!.success8Bit.count}/${random!.success8Bit.total} (${percent(random!.success8Bit.rate)})`);
      }
    }

    let transfer: VerificationResults['transfer'];
    if (transferModels.length) {
      const classifiers = await loadTransferClassifiers(transferModels, plan.identities, options.backend, log);
      try {
        const context = { embedder, templates, threshold, classifiers, steps, seed, region: regionSettings };
        const cells: TransferCell[] = [];
        for (const threat of ['dodging', 'impersonation'] as const) {
          throwIfAborted(options.signal, `before the ${threat} transfer`);
          cells.push(...(await transferCells(context, threat, transferInputs.get(threat)!, log, crafted)));
        }
        transfer = { models: [RECOGNIZER_NAME, ...classifiers.map((c) => c.name)], cells };
      } finally {
        for (const { classifier } of classifiers) classifier.dispose();
      }
    }

    const matrix = matrixPeople >= 2 && attackNames.length > 0 ? await impersonationMatrix(embedder, plan, attacked, templates, embeddings, threshold, Math.min(matrixPeople, people), epsilons.at(-1)!, { steps, seed }, dims) : undefined;
    const weightsFiles = [join(faceApiModelFolder(), FACEAPI_RECOGNIZER_MANIFEST), join(faceApiModelFolder(), 'face_recognition_model.bin')];
    return {
      engine: embedder.engine,
      provenance: { dataSha256: await imagesSha256(index.entries), weightsSha256: await hashFiles(weightsFiles), weightsFiles: weightsFiles.map((f) => displayPath(f)) },
      settings: { data, faces, targetFar, threshold: attackedAt, steps, attackedPhotos, matrixPeople, seed, galleryPhotos, calibrationPhotos, epsilons, l2Epsilons, attacks: attackNames, regions, regionSteps: regionSettings.steps, tvWeight: regionSettings.tvWeight, transferModels },
      photos: { total: index.entries.length, chips: prepared.chips.length, cached: prepared.cached, skipped: prepared.skipped },
      protocol: {
        people: plan.identities,
        leftOut: plan.leftOut,
        gallery: plan.chips.filter((c) => c.role === 'gallery').length,
        calibration: plan.chips.filter((c) => c.role === 'calibration').length,
        test: plan.chips.filter((c) => c.role === 'test').length,
      },
      thresholds: { ...thresholds, farChoice, attackedAt },
      clean,
      attacks: rows,
      matrix,
      examples,
      regions: regionRows,
      regionExamples,
      transfer,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    embedder.dispose();
  }
}

/** PGD at the largest epsilon from one test photo of each of the first `count` people toward every other one's template. */
async function impersonationMatrix(
  embedder: FaceEmbedder,
  plan: VerificationPlan,
  attacked: readonly { identity: number; chip: { chip: Uint8Array }; n: number }[],
  templates: Float32Array,
  embeddings: Float32Array,
  threshold: number,
  count: number,
  epsilon: number,
  settings: { steps: number; seed: number },
  dims: number,
): Promise<ImpersonationMatrix> {
  const sources = Array.from({ length: count }, (_, identity) => attacked.find((c) => c.identity === identity)!);
  const cells: Array<{ source: number; target: number }> = [];
  for (let s = 0; s < count; s++) for (let t = 0; t < count; t++) if (s !== t && !(rowDistance(embeddings, sources[s]!.n, templates, t, dims) < threshold)) cells.push({ source: s, target: t });
  const pairs = pairSet(cells.map((c) => sources[c.source]!.chip.chip), templates, cells.map((c) => c.target), cells.map((_, k) => 100_000 + k), dims);
  const outcome = await attackPairs(embedder, pairs, 'impersonation', verificationAttack('pgd', 'impersonation', settings), epsilon, threshold);
  const success: (number | null)[][] = Array.from({ length: count }, () => Array<number | null>(count).fill(null));
  const distanceAfter: (number | null)[][] = Array.from({ length: count }, () => Array<number | null>(count).fill(null));
  cells.forEach((c, k) => {
    success[c.source]![c.target] = outcome.distances[k]! < threshold ? 1 : 0;
    distanceAfter[c.source]![c.target] = outcome.distances[k]!;
  });
  return { attack: 'pgd', epsilon, people: plan.identities.slice(0, count), success, distanceAfter };
}

function chipBatch(chips: readonly Uint8Array[]): ImageBatch {
  const size = CHIP_SIZE * CHIP_SIZE * 3;
  const pixels = new Float32Array(chips.length * size);
  chips.forEach((chip, n) => toUnitFloat(chip, pixels, n * size));
  return { pixels, count: chips.length, height: CHIP_SIZE, width: CHIP_SIZE };
}

function pairSet(chips: readonly Uint8Array[], templates: Float32Array, claimed: readonly number[], indices: readonly number[], dims: number): PairSet {
  const references = new Float32Array(claimed.length * dims);
  claimed.forEach((identity, k) => references.set(templates.subarray(identity * dims, (identity + 1) * dims), k * dims));
  return { faces: chipBatch(chips), references, indices: Int32Array.from(indices) };
}

async function embedInBatches(embedder: FaceEmbedder, batch: ImageBatch, size = 32): Promise<Float32Array> {
  const dims = embedder.spec.embeddingSize;
  const pixelsPer = batch.height * batch.width * 3;
  const out = new Float32Array(batch.count * dims);
  for (let start = 0; start < batch.count; start += size) {
    const end = Math.min(batch.count, start + size);
    out.set(await embedder.embed({ ...batch, count: end - start, pixels: batch.pixels.subarray(start * pixelsPer, end * pixelsPer) }), start * dims);
  }
  return out;
}

function thin(points: readonly RocPoint[], max: number): RocPoint[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  const kept = Array.from({ length: max }, (_, k) => points[Math.floor(k * step)]!);
  kept.push(points.at(-1)!);
  return kept;
}

/** Rates in the progress lines, as the CLI summary writes them. */
function percent(rate: number | null): string {
  return rate === null ? '-' : numberFormat('en').percent(rate);
}
