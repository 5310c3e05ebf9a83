/**
 * Per-class image counts, computed with danfo so the table can also be printed or exported the
 * way the seed notebook did with pandas.
 */
import * as dfd from 'danfojs-node';
import type { FaceEntry } from './face-index.js';

export interface ClassCount {
  readonly label: number;
  readonly name: string;
  readonly count: number;
}

/** The entries as a danfo DataFrame with columns file, name, label. */
export function entriesFrame(entries: readonly FaceEntry[]): dfd.DataFrame {
  return new dfd.DataFrame(
    { file: entries.map((e) => e.file), name: entries.map((e) => e.name), label: entries.map((e) => e.label) },
    { columns: ['file', 'name', 'label'], dtypes: ['string', 'string', 'int32'] },
  );
}

/** One row per class in label order, zero for a class whose images were all excluded. */
export function countClasses(entries: readonly FaceEntry[], classNames: readonly string[]): ClassCount[] {
  const counts = new Map<number, number>();
  if (entries.length > 0) {
    const perLabel = entriesFrame(entries)['label'].valueCounts() as dfd.Series;
    const labels = perLabel.index as number[];
    const values = perLabel.values as number[];
    labels.forEach((label, i) => counts.set(Number(label), Number(values[i])));
  }
  return classNames.map((name, label) => ({ label, name, count: counts.get(label) ?? 0 }));
}

/** The counts as a DataFrame (label, name, count), e.g. for `.print()`. */
export function classCountsFrame(counts: readonly ClassCount[]): dfd.DataFrame {
  return new dfd.DataFrame(
    { label: counts.map((c) => c.label), name: counts.map((c) => c.name), count: counts.map((c) => c.count) },
    { columns: ['label', 'name', 'count'], dtypes: ['int32', 'string', 'int32'] },
  );
}
