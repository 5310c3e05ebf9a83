/**
 * Results an earlier study already holds, taken instead of attacking a model again: the notebook's
 * comparison of every bundled model reuses the sweep of the model chosen above it. A model is
 * reused only when nothing that decides its numbers differs: the same label, the same weights
 * files (unchanged since), the same test images and the same study settings. Where the results
 * go (out, png) and the batch size (memory only) may differ.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { weightsFilePaths } from '../weights/format.js';
import type { EvaluatedModel } from './driver.js';
import type { ChosenModel } from './model-choice.js';
import type { StudySettings } from './study-settings.js';
import type { TestSet } from './test-set.js';

/** Finds an earlier evaluation of `model` on `testSet` with the same settings, if any. */
export type ReuseLookup<E> = (model: ChosenModel, testSet: TestSet) => EvaluatedModel<E> | undefined;

/** One evaluated model as it can be reused: with the weights' fingerprint taken when it was evaluated. */
export interface ReusableModel<E> {
  readonly evaluated: EvaluatedModel<E>;
  readonly weights: string;
}

/** Size and modification time of every file the weights live in: a retrained model is never taken for the old one. */
export async function weightsFingerprint(model: ChosenModel): Promise<string> {
  const files = model.format === 'pth' ? [model.path] : Object.values(await weightsFilePaths(model.path));
  const parts = await Promise.all(files.map(async (file) => {
    const info = await stat(file).catch(() => undefined);
    return `${resolve(file)}:${info ? `${info.size}:${info.mtimeMs}` : 'missing'}`;
  }));
  return parts.join('|');
}

/** Everything in the settings that changes the numbers (Attack objects compared by identity). */
function sameResultSettings(a: StudySettings, b: StudySettings): boolean {
  const numbersOf = (s: StudySettings) => {
    const { models: _models, modelsDir: _dir, out: _out, png: _png, batchSize: _batch, attacks: _attacks, epsilonNotes: _notes, ...rest } = s;
    return JSON.stringify(rest);
  };
  return a.attacks.length === b.attacks.length && a.attacks.every((attack, i) => attack === b.attacks[i]) && numbersOf(a) === numbersOf(b);
}

function sameImages(a: TestSet, b: TestSet): boolean {
  return a.entries.length === b.entries.length && a.entries.every((entry, i) => entry.path === b.entries[i]!.path && entry.label === b.entries[i]!.label);
}

/**
 * A lookup over an earlier study's models for a study run with `settings`, whose models' weights
 * fingerprints (by label) are `fingerprints`; none when the settings differ.
 */
export function reuseFrom<E>(earlier: { readonly settings: StudySettings; readonly models: readonly ReusableModel<E>[] }, settings: StudySettings, fingerprints: ReadonlyMap<string, string>): ReuseLookup<E> | undefined {
  if (!sameResultSettings(earlier.settings, settings)) return undefined;
  return (model, testSet) => earlier.models.find((m) => m.weights === fingerprints.get(model.label) && m.evaluated.label === model.label && sameImages(m.evaluated.testSet, testSet))?.evaluated;
}
