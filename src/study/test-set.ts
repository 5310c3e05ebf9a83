/**
 * Which images a model is attacked on. Accuracy on images a model was trained on would flatter
 * it, so the split recorded with the weights wins whenever it fits the data: its test part is
 * exactly what the model never saw. Otherwise the user says: a split file, or `all` (a folder of
 * images held out from training).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { FaceDataset, FaceEntry } from '../data/dataset.js';
import { DatasetError } from '../data/errors.js';
import { readSplitFile } from '../data/split-file.js';
import { byFile } from '../data/split.js';
import { displayPath } from '../core/display-path.js';
import { ConfigError } from './errors.js';
import type { ChosenModel } from './model-choice.js';

// Re-exported: callers (the notebook) import it from here.
export { displayPath } from '../core/display-path.js';

export type TestSetSource = 'weights-split' | 'split-file' | 'all';

export interface TestSet {
  /** The images to attack (after --limit), sorted by file. */
  readonly entries: readonly FaceEntry[];
  readonly source: TestSetSource;
  /** The split file used, when any. */
  readonly splitFile?: string;
  /** Images available before --limit. */
  readonly available: number;
  /** One line for logs, e.g. "test part of models/x.split.json (96 images)". */
  readonly description: string;
}

export interface TestSetOptions {
  readonly dataset: FaceDataset;
  readonly model: ChosenModel;
  /** A split file, or 'all'; used when the weights name no split that fits the data. */
  readonly split?: string;
  readonly limit?: number;
  readonly warn: (message: string) => void;
}

/** The split file named in the weights' metadata, resolved from the weights' folder. */
export function recordedSplitFile(model: ChosenModel): string | undefined {
  const recorded = model.metadata?.extra?.splitFile;
  if (!recorded || !model.manifestPath) return undefined;
  return isAbsolute(recorded) ? recorded : join(dirname(model.manifestPath), recorded);
}

/** The recorded split's test part, or why it cannot be used. */
async function recordedTestPart(model: ChosenModel, dataset: FaceDataset, warn: (m: string) => void): Promise<{ file: string; entries: readonly FaceEntry[] } | { problem: string }> {
  const file = recordedSplitFile(model);
  if (!file) return { problem: `${model.path} does not record which images it was trained on (${model.format === 'pth' ? 'a .pth has no metadata' : 'no splitFile in its metadata'})` };
  if (!existsSync(file)) return { problem: `${model.path} was trained with the split ${file}, which does not exist` };
  try {
    const split = await readSplitFile(file, dataset.entries, { warn });
    return { file, entries: split.test };
  } catch (error) {
    if (error instanceof DatasetError) return { problem: `${model.path} was trained with the split ${file}, which does not fit ${dataset.root} (${error.code === 'split-mismatch' ? `${error.files.length} of its images are not in it` : error.message})` };
    throw error;
  }
}

export async function chooseTestSet(options: TestSetOptions): Promise<TestSet> {
  const { dataset, model, split, warn } = options;
  const recorded = await recordedTestPart(model, dataset, warn);
  let chosen: { entries: readonly FaceEntry[]; source: TestSetSource; splitFile?: string; what: string };
  if ('entries' in recorded) {
    if (split !== undefined) warn(`${model.label}: --split ${split} not used: the weights name the split they were trained with (${recorded.file}), and its test part is used so that no training image is attacked.`);
    chosen = { entries: recorded.entries, source: 'weights-split', splitFile: recorded.file, what: `test part of ${displayPath(recorded.file)} (recorded in the weights)` };
  } else if (split === 'all') {
    chosen = { entries: dataset.entries, source: 'all', what: `every image of ${displayPath(dataset.root)} (--split all)` };
  } else if (split !== undefined) {
    const saved = await readSplitFile(split, dataset.entries, { warn });
    chosen = { entries: saved.test, source: 'split-file', splitFile: split, what: `test part of ${displayPath(split)}` };
  } else {
    throw new ConfigError(`${recorded.problem}, so the images it was not trained on are unknown. Fix: pass --split <split file> (its test part is used), or --split all if no image in ${displayPath(dataset.root)} was used to train it.`);
  }
  if (chosen.entries.length === 0) throw new ConfigError(`the test set is empty: ${chosen.what} holds no image.`);
  const sorted = [...chosen.entries].sort(byFile);
  const entries = options.limit !== undefined ? spreadLimit(sorted, options.limit) : sorted;
  const limited = entries.length < sorted.length ? `, limited to ${entries.length}` : '';
  return { entries, source: chosen.source, splitFile: chosen.splitFile, available: sorted.length, description: `${chosen.what}: ${sorted.length} images${limited}` };
}

/**
 * At most `limit` entries, taken in turn from each person (first image of everyone, then the
 * second, ...), so a small limit still covers every class; the result stays sorted by file.
 */
export function spreadLimit(entries: readonly FaceEntry[], limit: number): FaceEntry[] {
  if (limit >= entries.length) return [...entries];
  const byPerson = new Map<number, FaceEntry[]>();
  for (const e of entries) {
    const list = byPerson.get(e.label);
    if (list) list.push(e);
    else byPerson.set(e.label, [e]);
  }
  const queues = [...byPerson.keys()].sort((a, b) => a - b).map((label) => byPerson.get(label)!);
  const picked: FaceEntry[] = [];
  for (let round = 0; picked.length < limit; round++) {
    for (const queue of queues) {
      if (round < queue.length && picked.length < limit) picked.push(queue[round]!);
    }
  }
  return picked.sort(byFile);
}
