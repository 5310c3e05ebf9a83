/**
 * Every available model attacked with the same epsilons, for the comparison figure: the bundled
 * weights in models/ plus any sweep already run in the notebook (not run twice).
 */
import path from 'node:path';
import type { FaceDataset } from '../data/dataset.js';
import type { SweepResults } from '../eval/sweep.js';
import { DEFAULT_MODELS_DIR } from '../study/defaults.js';
import { findBundledWeights } from '../study/weights-info.js';
import { loadNotebookModel } from './model.js';
import { sweepWithProgress, type NotebookSweep } from './sweep.js';

export interface CompareOptions {
  readonly modelsDir?: string;
  /** Sweeps already run (e.g. the model cell's), reused when their weights are among the models. */
  readonly done?: readonly NotebookSweep[];
  /** Same meaning as in the model cell: a split for weights that do not record theirs. */
  readonly split?: string;
  readonly limit?: number;
}

export async function compareModels(dataset: FaceDataset, epsilons: readonly number[], options: CompareOptions = {}): Promise<SweepResults[]> {
  const done = options.done ?? [];
  const sameFile = (a: string, b: string) => path.resolve(a) === path.resolve(b);
  const bundled = await findBundledWeights(options.modelsDir ?? DEFAULT_MODELS_DIR);
  const results: SweepResults[] = done.map((s) => s.results);
  for (const weights of bundled) {
    if (done.some((s) => sameFile(s.model.weights, weights.path))) continue;
    const architecture = weights.metadata?.architecture;
    if (!architecture) continue;
    const names = weights.metadata?.classNames ?? [];
    if (names.length !== dataset.classNames.length || names.some((n, i) => n !== dataset.classNames[i])) {
      // Weights for other people (e.g. the bundled sample models with the Kaggle data): skipped.
      console.log(`${weights.path}: entrenado con otras personas que las de estos datos; no se compara.`);
      continue;
    }
    const model = await loadNotebookModel({ modelName: architecture, weights: weights.path, dataset, split: options.split, limit: options.limit });
    try {
      results.push((await sweepWithProgress(model, dataset, epsilons)).results);
    } finally {
      model.classifier.dispose();
    }
  }
  // Same order whatever ran first: by model name.
  return results.sort((a, b) => a.model.localeCompare(b.model));
}
