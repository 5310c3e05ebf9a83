/** Reference labels (true or predicted) and targets of an attack, per batch. */
import type { Classifier, ImageBatch } from '../engines/types.js';
import { argmaxRow } from '../eval/metrics.js';
import { globalSampleIndex, type AttackContext, type LabelSource, type TargetChoice } from './types.js';

export async function referenceLabels(model: Classifier, images: ImageBatch, labels: Int32Array, source: LabelSource, context: AttackContext): Promise<Int32Array> {
  if (labels.length !== images.count) throw new Error(`Got ${labels.length} labels for ${images.count} images.`);
  if (source === 'true') return labels;
  const logits = context.cleanLogits ?? (await model.logits(images));
  const k = model.spec.numClasses;
  return Int32Array.from({ length: images.count }, (_, n) => argmaxRow(logits, n, k));
}

export function resolveTargets(choice: TargetChoice, reference: Int32Array, numClasses: number, context: AttackContext): Int32Array {
  const targets = Int32Array.from(reference, (label, n) => {
    if (choice === 'next') return (label + 1) % numClasses;
    if (typeof choice === 'number') return choice;
    return choice(label, globalSampleIndex(context, n));
  });
  for (const t of targets) {
    if (!Number.isInteger(t) || t < 0 || t >= numClasses) throw new Error(`Target class ${t} is outside 0..${numClasses - 1} for a ${numClasses}-class model.`);
  }
  return targets;
}

export function checkTargetChoice(choice: TargetChoice | undefined): void {
  if (choice === undefined || choice === 'next' || typeof choice === 'function') return;
  if (!Number.isInteger(choice) || choice < 0) throw new Error(`Invalid target ${String(choice)}: give a class index >= 0, 'next' or a function.`);
}

export function checkLabelSource(source: LabelSource): void {
  if (source !== 'true' && source !== 'predicted') throw new Error(`Invalid labels option ${JSON.stringify(source)}: choose 'true' or 'predicted'.`);
}
