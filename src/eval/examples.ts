/**
 * Adversarial images of a FEW chosen faces at every epsilon, with the model's top-k answers, for
 * example grids and the epsilon slider. runAttackStudy keeps no images on purpose (memory); this
 * runs one attack again on a handful of faces, so the same faces appear in every epsilon row.
 * Random attacks (PGD starts, noise) draw per sample index 0..n-1 here, so on those faces they may
 * differ slightly from the study's draws; FGSM and BIM give the same images.
 */
import { CleanGradients } from '../attacks/clean-gradients.js';
import { tidyEpsilonList, type EpsilonInput } from '../attacks/epsilon.js';
import type { Attack } from '../attacks/types.js';
import type { Classifier, ImageBatch } from '../engines/types.js';
import { checkFiniteLogits, softmaxAt } from './metrics.js';

export interface ExamplePrediction {
  readonly label: number;
  /** Softmax probability. */
  readonly probability: number;
}

export interface ExampleRow {
  readonly epsilon: number;
  /** One HWC [0,1] image per face. */
  readonly pixels: Float32Array[];
  /** Per face, the top-k classes, most probable first. */
  readonly top: ExamplePrediction[][];
}

export interface AttackExamples {
  readonly attack: string;
  readonly targeted: boolean;
  readonly height: number;
  readonly width: number;
  readonly labels: number[];
  /** Per face, the class a targeted attack pushes towards. */
  readonly targets?: number[];
  /** The clean images, per face. */
  readonly clean: Float32Array[];
  /** One row per epsilon, ascending, duplicates dropped. */
  readonly rows: ExampleRow[];
  /** What tidying the epsilon list changed (sorted, duplicates dropped); empty when nothing. */
  readonly epsilonNotes: string[];
}

/** The k most probable classes of logits row n. */
export function topClasses(logits: Float32Array, n: number, numClasses: number, k: number): ExamplePrediction[] {
  return Array.from({ length: numClasses }, (_, label) => ({ label, probability: softmaxAt(logits, n, numClasses, label) }))
    .sort((a, b) => b.probability - a.probability || a.label - b.label)
    .slice(0, Math.min(k, numClasses));
}

export async function attackExamples(model: Classifier, images: ImageBatch, labels: Int32Array, attack: Attack, epsilons: readonly EpsilonInput[], options: { topK?: number } = {}): Promise<AttackExamples> {
  if (labels.length !== images.count) throw new Error(`attackExamples: ${labels.length} labels for ${images.count} images.`);
  const { epsilons: tidy, notes: epsilonNotes } = tidyEpsilonList(epsilons);
  const topK = options.topK ?? 3;
  const k = model.spec.numClasses;
  const size = images.height * images.width * 3;
  const split = (pixels: Float32Array) => Array.from({ length: images.count }, (_, n) => pixels.slice(n * size, (n + 1) * size));
  const gradients = new CleanGradients(model, images);
  const clean = await model.lossGradient(images, labels);
  gradients.seed(labels, clean);
  const context = { gradients, cleanLogits: clean.logits, sampleOffset: 0 };
  const rows: ExampleRow[] = [];
  let targets: number[] | undefined;
  for (const epsilon of tidy) {
    const result = await attack.with({ epsilon }).run(model, images, labels, context);
    const logits = result.logits ?? (await model.logits(result.adversarial));
    checkFiniteLogits(logits, `after ${attack.name} at epsilon ${epsilon} (examples)`);
    if (result.targets) targets = [...result.targets];
    rows.push({ epsilon, pixels: split(result.adversarial.pixels), top: Array.from({ length: images.count }, (_, n) => topClasses(logits, n, k, topK)) });
  }
  return { attack: attack.name, targeted: attack.targeted, height: images.height, width: images.width, labels: [...labels], targets, clean: split(images.pixels), rows, epsilonNotes };
}
