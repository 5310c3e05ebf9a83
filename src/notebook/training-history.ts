/**
 * The training curve of the loaded weights, from the `<weights>.history.json` the trainer writes
 * next to them (a .pth has none: the original trained inside its notebook, we train with
 * `npm run train` and keep the history).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { EpochRecord } from '../train/trainer.js';
import { trainingCurveChart } from './charts.js';
import type { NotebookModel } from './model.js';
import { showFigure } from './plotly.js';

export function historyPathOf(weights: string): string {
  return `${weights.replace(/\.(json|bin)$/, '')}.history.json`;
}

export async function readTrainingHistory(weights: string): Promise<EpochRecord[] | undefined> {
  const path = historyPathOf(weights);
  if (!existsSync(path)) return undefined;
  const document = JSON.parse(await readFile(path, 'utf8')) as { history?: EpochRecord[] };
  return Array.isArray(document.history) && document.history.length > 0 ? document.history : undefined;
}

export async function showTrainingCurve(model: NotebookModel): Promise<void> {
  const history = await readTrainingHistory(model.weights);
  if (!history) {
    console.log(`No hay historial de entrenamiento junto a ${model.weights} (${historyPathOf(model.weights)}).`);
    return;
  }
  await showFigure(trainingCurveChart(history, model.label));
}
