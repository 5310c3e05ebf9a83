/**
 * Seeded, stratified train/test split. Each person is split on their own, from their files sorted
 * by name and shuffled with a generator seeded by (seed, purpose, name): the result depends only
 * on the seed and the set of files, not on CSV row order, and adding a person leaves the others'
 * split unchanged.
 */
import seedrandom from 'seedrandom';
import type { FaceEntry } from './face-index.js';
import { compareCodePoints } from './face-names.js';

export interface SplitOptions {
  readonly seed: number | string;
  /** Fraction of each person's images in the test part. Default 0.2 (the seed project's 80/20). */
  readonly testFraction?: number;
}

export interface TrainTestSplit {
  readonly seed: number | string;
  readonly testFraction: number;
  /** Sorted by file. */
  readonly train: readonly FaceEntry[];
  /** Sorted by file. */
  readonly test: readonly FaceEntry[];
}

/** Fisher-Yates shuffle of a copy, driven by seedrandom(seed). */
export function seededShuffle<T>(items: readonly T[], seed: number | string): T[] {
  const random = seedrandom(String(seed));
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function byFile(a: FaceEntry, b: FaceEntry): number {
  return compareCodePoints(a.file, b.file);
}

/** How many of a person's n images are held out: at least 1 when n >= 2 (and fraction > 0), at most n - 1. */
export function heldOutCount(n: number, fraction: number): number {
  if (fraction === 0 || n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
}

/** Splits each person's images into a kept and a held-out part. `purpose` keeps test and validation draws independent. */
function stratified(entries: readonly FaceEntry[], fraction: number, seed: number | string, purpose: string) {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`The held-out fraction must be in [0, 1), got ${fraction}`);
  const byName = new Map<string, FaceEntry[]>();
  for (const e of entries) {
    const list = byName.get(e.name);
    if (list) list.push(e);
    else byName.set(e.name, [e]);
  }
  const kept: FaceEntry[] = [];
  const heldOut: FaceEntry[] = [];
  for (const [name, list] of byName) {
    const shuffled = seededShuffle(list.sort(byFile), `${seed}\u0000${purpose}\u0000${name}`);
    const n = heldOutCount(shuffled.length, fraction);
    heldOut.push(...shuffled.slice(0, n));
    kept.push(...shuffled.slice(n));
  }
  return { kept: kept.sort(byFile), heldOut: heldOut.sort(byFile) };
}

export function stratifiedSplit(entries: readonly FaceEntry[], options: SplitOptions): TrainTestSplit {
  const testFraction = options.testFraction ?? 0.2;
  const { kept, heldOut } = stratified(entries, testFraction, options.seed, 'test');
  return { seed: options.seed, testFraction, train: kept, test: heldOut };
}

export interface ValidationOptions {
  readonly seed: number | string;
  /** Fraction of each person's training images used for validation. Default 0.1. */
  readonly fraction?: number;
}

/** Carves a seeded, stratified validation part out of the training entries (never touches the test set). */
export function carveValidation(train: readonly FaceEntry[], options: ValidationOptions): { train: FaceEntry[]; validation: FaceEntry[] } {
  const { kept, heldOut } = stratified(train, options.fraction ?? 0.1, options.seed, 'validation');
  return { train: kept, validation: heldOut };
}
