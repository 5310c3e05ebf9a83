/**
 * The train/test split as a table per person: which images the model learnt from and which it is
 * attacked on. The split is the one saved with the weights (their `splitFile`), so the attacked
 * images are exactly those the model never saw.
 */
import * as dfd from 'danfojs-node';
import type { FaceDataset } from '../data/dataset.js';
import { DatasetError } from '../data/errors.js';
import { readSplitFile } from '../data/split-file.js';
import { defaultModelsDir } from '../study/defaults.js';
import { recordedSplitFile } from '../study/test-set.js';
import { findBundledWeights } from '../study/weights-info.js';
import type { TrainTestSplit } from '../data/split.js';
import { notebookText } from './locale.js';
import { showTable } from './table.js';

const say = notebookText.t.notebook.tables.split;

export function splitFrame(dataset: FaceDataset, split: TrainTestSplit): dfd.DataFrame {
  const count = (entries: TrainTestSplit['train'], label: number) => entries.filter((e) => e.label === label).length;
  const names = dataset.classNames;
  return new dfd.DataFrame(
    {
      [say.person]: [...names, say.total],
      [say.train]: [...names.map((_, l) => count(split.train, l)), split.train.length],
      [say.test]: [...names.map((_, l) => count(split.test, l)), split.test.length],
    },
    { columns: [say.person, say.train, say.test] },
  );
}

/** Reads the split file and shows it per person (returns nothing: tslab would print a returned value). */
export async function showSplit(dataset: FaceDataset, splitFile: string): Promise<void> {
  const split = await readSplitFile(splitFile, dataset.entries, { warn: (m) => console.warn(m) });
  showTable(splitFrame(dataset, split), {
    caption: say.caption(splitFile, split.seed, Math.round(split.testFraction * 100)),
  });
}

/**
 * Shows the split of the first bundled model trained on these data (its test part is what the
 * attack uses), or a note when no bundled model was trained on them (e.g. the Kaggle data).
 */
export async function showBundledSplit(dataset: FaceDataset, modelsDir = defaultModelsDir()): Promise<void> {
  for (const weights of await findBundledWeights(modelsDir)) {
    const file = recordedSplitFile({ ...weights, label: '' });
    if (!file) continue;
    try {
      await showSplit(dataset, file);
      return;
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      // That model was trained on other data: try the next one.
    }
  }
  console.log(`Ningún modelo de ${modelsDir}/ se entrenó con estos datos: la partición de prueba será la de los pesos que elija en la celda del modelo (o test_split).`);
}
