/**
 * The face dataset in one object: the index (entries, class names, counts), its train/test split
 * (made, saved and reloaded so training and attacks share one test set) and lazy image batches.
 */
import { existsSync } from 'node:fs';
import type * as dfd from 'danfojs-node';
import { countClasses, entriesFrame, type ClassCount } from './class-counts.js';
import { loadFaceIndex, type FaceEntry, type FaceIndex, type FaceIndexOptions } from './face-index.js';
import { imageBatches, type BatchOptions, type BatchStream } from './batches.js';
import { readSplitFile, writeSplitFile, type ReadSplitOptions } from './split-file.js';
import { stratifiedSplit, type SplitOptions, type TrainTestSplit } from './split.js';

export type { ClassCount } from './class-counts.js';
export type { FaceEntry, FaceIndexOptions } from './face-index.js';
export type { LabelledBatch, SkippedImage, BatchOptions, BatchStream } from './batches.js';
export type { TrainTestSplit, SplitOptions } from './split.js';

export interface FaceDataset extends FaceIndex {
  /** Images per class, in label order (danfo valueCounts). */
  classCounts(): ClassCount[];
  /** The entries as a danfo DataFrame (file, name, label). */
  toDataFrame(): dfd.DataFrame;
  /** A new seeded, stratified split (default 80/20). */
  split(options: SplitOptions): TrainTestSplit;
  /**
   * The split saved at `path`; made with `options` and saved there first if the file does not
   * exist. The saved split wins over different options (with a warning); a file made for another
   * dataset is an error.
   */
  splitFile(path: string, options: SplitOptions & ReadSplitOptions): Promise<TrainTestSplit>;
  /** Lazy batches of some of this dataset's entries (e.g. `split.test`). */
  batches(entries: readonly FaceEntry[], options: BatchOptions): BatchStream;
}

export async function loadFaceDataset(root: string, options: FaceIndexOptions = {}): Promise<FaceDataset> {
  const index = await loadFaceIndex(root, options);
  return {
    ...index,
    classCounts: () => countClasses(index.entries, index.classNames),
    toDataFrame: () => entriesFrame(index.entries),
    split: (splitOptions) => stratifiedSplit(index.entries, splitOptions),
    splitFile: async (path, splitOptions) => {
      if (!existsSync(path)) await writeSplitFile(path, stratifiedSplit(index.entries, splitOptions), index.entries);
      const warn = splitOptions.warn ?? options.warn ?? ((message: string) => console.warn(message));
      const saved = await readSplitFile(path, index.entries, { warn });
      const testFraction = splitOptions.testFraction ?? 0.2;
      if (saved.seed !== splitOptions.seed || saved.testFraction !== testFraction) {
        // The saved split wins: the point of the file is that everyone uses the same test set.
        warn(`Using the split saved in ${path} (seed ${saved.seed}, testFraction ${saved.testFraction}), not seed ${splitOptions.seed}, testFraction ${testFraction}. Delete the file to make a new split.`);
      }
      return saved;
    },
    batches: (entries, batchOptions) => imageBatches(entries, batchOptions),
  };
}
