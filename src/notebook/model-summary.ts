/** What the model cell loaded, in one table: architecture, size, input, classes, training, test set. */
import { trainableParameterCount } from '../models/graph.js';
import { notebookText } from './locale.js';
import type { NotebookModel } from './model.js';
import { showKeyValues } from './table.js';

/** Trainable parameters of the loaded model. */
export function parameterCount(model: NotebookModel): number {
  return trainableParameterCount(model.spec);
}

const { t, n } = notebookText;
const say = t.notebook.modelSummary;

function trainingText(training: NotebookModel['training']): string {
  if (!training) return say.notRecorded;
  const parts: string[] = [];
  if (typeof training.epoch === 'number') parts.push(say.bestEpoch(training.epoch));
  if (typeof training.valAccuracy === 'number') parts.push(say.validationAccuracy(training.valAccuracy));
  if (typeof training.splitFile === 'string') parts.push(say.splitFile(training.splitFile));
  return parts.length > 0 ? parts.join(', ') : say.recordedWithoutDetail;
}

export function showModelSummary(model: NotebookModel): void {
  const { spec } = model;
  showKeyValues(
    [
      [say.model, `${spec.architecture}${model.label !== spec.architecture ? ` (${model.label})` : ''}`],
      [say.weights, `${model.weights} (${model.format === 'pth' ? say.pthFormat : say.ownFormat})`],
      [say.parameters, n.fixed(parameterCount(model), 0)],
      [say.inputLabel, say.input(spec.inputSize, spec.normalization.mean)],
      [say.classes, `${spec.numClasses}`],
      [say.training, trainingText(model.training)],
      [say.attacked, model.testDescription],
      [say.engine, model.classifier.engine],
      ...model.notes.map((note) => [say.note, note] as [string, string]),
    ],
    say.caption(model.label),
  );
}
