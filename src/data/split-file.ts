/**
 * Split files: the train/test file lists saved as JSON, so that training and the attacks use the
 * very same test set. Reading one checks it against the dataset it is used with.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../core/atomic-write.js';
import { DatasetError, describeSome, quoted } from './errors.js';
import type { FaceEntry } from './face-index.js';
import { compareCodePoints } from './face-names.js';
import type { TrainTestSplit } from './split.js';

export interface SplitFileContents {
  readonly seed: number | string;
  readonly testFraction: number;
  /** ISO 8601. */
  readonly createdAt: string;
  /** indexHash() of the dataset the split was made from. */
  readonly indexHash: string;
  readonly train: readonly string[];
  readonly test: readonly string[];
}

export interface ReadSplitOptions {
  /** Where the warning about a changed dataset goes. Default console.warn. */
  readonly warn?: (message: string) => void;
}

/** sha256 of the sorted `file, name` pairs: identifies a dataset's contents, whatever the row order. */
export function indexHash(entries: readonly FaceEntry[]): string {
  const lines = entries.map((e) => `${e.file}\t${e.name}`).sort(compareCodePoints);
  return 'sha256:' + createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Writes the split (atomically: a half-written split file must never be read). */
export async function writeSplitFile(path: string, split: TrainTestSplit, dataset: readonly FaceEntry[]): Promise<SplitFileContents> {
  const contents: SplitFileContents = {
    seed: split.seed,
    testFraction: split.testFraction,
    createdAt: new Date().toISOString(),
    indexHash: indexHash(dataset),
    train: split.train.map((e) => e.file),
    test: split.test.map((e) => e.file),
  };
  await writeFileAtomically(path, JSON.stringify(contents, null, 1) + '\n');
  return contents;
}

/** Reads a split file and resolves its files against the dataset's entries. */
export async function readSplitFile(path: string, dataset: readonly FaceEntry[], options: ReadSplitOptions = {}): Promise<TrainTestSplit & { readonly createdAt: string; readonly indexHash: string }> {
  const contents = parseSplitFile(path, await readText(path));
  const byFile = new Map(dataset.map((e) => [e.file, e]));
  const unknown = [...contents.train, ...contents.test].filter((f) => !byFile.has(f));
  if (unknown.length > 0) {
    throw new DatasetError('split-mismatch', `Split file ${path} names ${unknown.length} image(s) that are not in this dataset: ${describeSome(quoted(unknown))}. The split was probably made for another dataset (or images were removed). Fix: pass the matching dataset, or delete the split file to make a new one (training and attacks must then use the new one).`, unknown);
  }
  const test = new Set(contents.test);
  const both = contents.train.filter((f) => test.has(f));
  const repeated = [contents.train, contents.test].flatMap(repeatedItems);
  if (both.length > 0 || repeated.length > 0) {
    throw new DatasetError('bad-split-file', `Split file ${path} is inconsistent: ${both.length} image(s) in both train and test (${describeSome(quoted(both))}), ${repeated.length} repeated (${describeSome(quoted(repeated))}). Fix: delete it and make a new split.`, [path]);
  }
  if (contents.indexHash !== indexHash(dataset)) {
    (options.warn ?? console.warn)(`Split file ${path} was made from a dataset that has since changed (all its images are still here; images added since are in neither part).`);
  }
  return {
    seed: contents.seed,
    testFraction: contents.testFraction,
    createdAt: contents.createdAt,
    indexHash: contents.indexHash,
    train: contents.train.map((f) => byFile.get(f)!),
    test: contents.test.map((f) => byFile.get(f)!),
  };
}

function repeatedItems(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    if (seen.has(f)) return true;
    seen.add(f);
    return false;
  });
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new DatasetError('bad-split-file', `Cannot read split file ${path}: ${(error as Error).message}. Fix: check the path, or make a new split.`, [path]);
  }
}

function parseSplitFile(path: string, text: string): SplitFileContents {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DatasetError('bad-split-file', `Split file ${path} is not valid JSON (${(error as Error).message}). Fix: delete it and make a new split.`, [path]);
  }
  const v = value as Partial<Record<keyof SplitFileContents, unknown>>;
  const isFileList = (x: unknown): x is string[] => Array.isArray(x) && x.every((f) => typeof f === 'string');
  const problems = [
    typeof value !== 'object' || value === null ? 'not an object' : '',
    typeof v.seed !== 'number' && typeof v.seed !== 'string' ? 'seed' : '',
    typeof v.testFraction !== 'number' ? 'testFraction' : '',
    typeof v.createdAt !== 'string' ? 'createdAt' : '',
    typeof v.indexHash !== 'string' ? 'indexHash' : '',
    !isFileList(v.train) ? 'train' : '',
    !isFileList(v.test) ? 'test' : '',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new DatasetError('bad-split-file', `Split file ${path} is missing or has wrong fields: ${problems.join(', ')} (expected { seed, testFraction, createdAt, indexHash, train: [file], test: [file] }). Fix: delete it and make a new split.`, [path]);
  }
  return value as SplitFileContents;
}
