/**
 * A first look at the attack: a few test faces, the model's answer before and after, as a table.
 * The batch comes from the same loader the sweep uses.
 */
import * as dfd from 'danfojs-node';
import type { FaceDataset } from '../data/dataset.js';
import type { LabelledImages } from '../engines/types.js';
import { argmaxRow, softmaxAt } from '../eval/metrics.js';
import { notebookText } from './locale.js';
import type { NotebookModel } from './model.js';
import { showTable } from './table.js';

/** The first `count` test images (spread over the people) as one batch with their true labels. */
export async function firstTestBatch(model: NotebookModel, dataset: FaceDataset, count = 8): Promise<LabelledImages> {
  // Every k-th test image, so that a small batch shows several people rather than one.
  const step = Math.max(1, Math.floor(model.testEntries.length / count));
  const entries = model.testEntries.filter((_, i) => i % step === 0).slice(0, count);
  for await (const batch of dataset.batches(entries, { batchSize: entries.length, inputSize: model.spec.inputSize })) return batch;
  throw new Error('No hay imágenes de prueba que cargar.');
}

/** Table: true person, prediction before and after the attack (with confidence), fooled or not. */
export function predictionsFrame(model: NotebookModel, labels: Int32Array, before: Float32Array, after: Float32Array): dfd.DataFrame {
  const { t, n: format } = notebookText;
  const say = t.notebook.tables.predictions;
  const n = model.spec.numClasses;
  const name = (label: number) => model.classNames[label] ?? t.unknownClass(label);
  const rows = Array.from(labels, (label, i) => {
    const p0 = argmaxRow(before, i, n);
    const p1 = argmaxRow(after, i, n);
    const verdict = p0 !== label ? say.alreadyWrong : p1 === label ? say.resists : say.fooled;
    return [name(label), `${name(p0)} (${format.confidence(softmaxAt(before, i, n, p0))})`, `${name(p1)} (${format.confidence(softmaxAt(after, i, n, p1))})`, verdict];
  });
  return new dfd.DataFrame(rows, { columns: [say.person, say.before, say.after, say.outcome] });
}

/** Shows predictionsFrame as a table. Returns nothing: tslab would print a returned value in full. */
export function showPredictions(model: NotebookModel, labels: Int32Array, before: Float32Array, after: Float32Array, caption: string): void {
  showTable(predictionsFrame(model, labels, before, after), { caption });
}
