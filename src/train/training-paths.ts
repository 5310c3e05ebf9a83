/** The files of one training run, all named after the weights: `<stem>.json/.bin`, `<stem>.split.json`, ... */
import { weightsFilePaths } from '../weights/format.js';

export interface TrainingPaths {
  /** `<stem>.json` (+ `<stem>.bin`): the best checkpoint. */
  readonly weights: string;
  readonly split: string;
  /** Per-epoch losses and accuracies. */
  readonly history: string;
  /** `<stem>.training.html` (+ `.png`). */
  readonly curveBase: string;
}

export async function trainingPaths(out: string, split?: string): Promise<TrainingPaths> {
  const { manifestPath } = await weightsFilePaths(out);
  const stem = manifestPath.slice(0, -'.json'.length);
  return { weights: manifestPath, split: split ?? `${stem}.split.json`, history: `${stem}.history.json`, curveBase: `${stem}.training` };
}
