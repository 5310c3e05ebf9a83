/**
 * The epsilon sweep as the notebook runs it: the library's batched sweep (one gradient per batch
 * for every epsilon) with a progress bar in the cell, remembering which images were attacked so
 * that figures can show each adversarial face next to its original.
 */
import type { FaceDataset, FaceEntry, LabelledBatch } from '../data/dataset.js';
import type { EpsilonInput } from '../attacks/epsilon.js';
import { runFgsmSweep, type SweepOutput, type SweepResults } from '../eval/sweep.js';
import { defaultSweepBatchSize } from '../study/defaults.js';
import { notebookEpsilons } from './epsilon-cells.js';
import { notebookText } from './locale.js';
import type { NotebookModel } from './model.js';
import { notebookProgress } from './progress.js';

export interface NotebookSweep {
  readonly output: SweepOutput;
  readonly results: SweepResults;
  /** The images attacked, in sweep order: attacked[example.sampleIndex] is an example's original. */
  readonly attacked: readonly FaceEntry[];
  readonly model: NotebookModel;
}

export interface NotebookSweepOptions {
  readonly batchSize?: number;
  /** Adversarial examples kept per epsilon (default 5, as the original). */
  readonly maxExamples?: number;
}

async function* recording(stream: AsyncIterable<LabelledBatch>, attacked: FaceEntry[]): AsyncGenerator<LabelledBatch> {
  for await (const batch of stream) {
    attacked.push(...batch.entries);
    yield batch;
  }
}

export async function sweepWithProgress(model: NotebookModel, dataset: FaceDataset, epsilonList: readonly EpsilonInput[], options: NotebookSweepOptions = {}): Promise<NotebookSweep> {
  // The epsilon cell is edited by hand: refuse bad values, and sort and de-duplicate saying so.
  const { epsilons } = notebookEpsilons(epsilonList);
  const entries = model.testEntries;
  const progress = notebookProgress(`FGSM · ${model.label}`, entries.length);
  const attacked: FaceEntry[] = [];
  const stream = dataset.batches(entries, {
    batchSize: options.batchSize ?? defaultSweepBatchSize(model.spec.inputSize),
    inputSize: model.spec.inputSize,
    onSkip: (s) => console.warn(`Imagen ilegible omitida: ${s.file} (${s.reason})`),
  });
  const output = await runFgsmSweep(model.classifier, recording(stream, attacked), {
    epsilons,
    maxExamples: options.maxExamples,
    onBatch: (done) => progress.update(done + stream.skipped.length, notebookText.t.notebook.progress.epsilonsNote(epsilons.length)),
  });
  progress.finish(notebookText.t.notebook.progress.epsilonsNote(epsilons.length));
  // Charts and tables name the model by its label, which tells two weights of one architecture apart.
  const results: SweepResults = { ...output.results, model: model.label };
  return { output: { ...output, results }, results, attacked, model };
}
