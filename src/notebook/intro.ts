/**
 * The introduction's worked example, before any set-up cell: loads the default data and the first
 * bundled model by itself, shows one face fooled by FGSM, and frees the model again.
 */
import { existsSync } from 'node:fs';
import { loadFaceDataset } from '../data/dataset.js';
import { initBackend } from '../engines/tfjs/backend.js';
import { defaultDataDir, defaultModelsDir } from '../study/defaults.js';
import { findBundledWeights } from '../study/weights-info.js';
import { showWorkedExample } from './faces.js';
import { loadNotebookModel } from './model.js';

export async function showIntroExample(options: { epsilons?: readonly number[]; modelsDir?: string } = {}): Promise<void> {
  await initBackend({ log: () => undefined });
  const modelsDir = options.modelsDir ?? defaultModelsDir();
  const bundled = (await findBundledWeights(modelsDir)).filter((w) => w.metadata);
  if (bundled.length === 0) {
    console.log(`No hay modelos en ${modelsDir}/ para generar el ejemplo; entrene uno con npm run train.`);
    return;
  }
  // The smallest model: the example is the same idea for all of them, and it loads fastest.
  const weights = bundled.find((w) => w.metadata!.architecture === 'resnet18') ?? bundled[0]!;
  // The data the model was trained on (its metadata says), so the example works whatever data_dir
  // the rest of the notebook uses.
  const recorded = weights.metadata!.extra?.datasetRoot;
  const dataset = await loadFaceDataset(typeof recorded === 'string' && existsSync(recorded) ? recorded : defaultDataDir());
  const model = await loadNotebookModel({ modelName: weights.metadata!.architecture, weights: weights.path, dataset });
  try {
    await showWorkedExample(model, options);
  } finally {
    model.classifier.dispose();
  }
}
