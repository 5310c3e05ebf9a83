/** What the model cell loaded, in one table: architecture, size, input, classes, training, test set. */
import { parameterShapes } from '../models/graph.js';
import { notebookText } from './locale.js';
import type { NotebookModel } from './model.js';
import { showKeyValues } from './table.js';

/** Trainable parameters (batch-norm running statistics are not learnt, so not counted). */
export function parameterCount(model: NotebookModel): number {
  let total = 0;
  for (const [name, shape] of parameterShapes(model.spec)) {
    if (name.endsWith('running_mean') || name.endsWith('running_var') || name.endsWith('num_batches_tracked')) continue;
    total += shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

const { n } = notebookText;

function trainingText(training: NotebookModel['training']): string {
  if (!training) return 'no registrado (pesos sin metadatos, p. ej. un .pth)';
  const parts: string[] = [];
  if (typeof training.epoch === 'number') parts.push(`mejor época ${training.epoch}`);
  if (typeof training.valAccuracy === 'number') parts.push(`exactitud de validación ${n.percent(training.valAccuracy)}`);
  if (typeof training.splitFile === 'string') parts.push(`partición ${training.splitFile}`);
  return parts.length > 0 ? parts.join(', ') : 'registrado sin detalles';
}

export function showModelSummary(model: NotebookModel): void {
  const { spec } = model;
  showKeyValues(
    [
      ['modelo', `${spec.architecture}${model.label !== spec.architecture ? ` (${model.label})` : ''}`],
      ['pesos', `${model.weights} (${model.format === 'pth' ? 'state_dict de PyTorch' : 'formato fgsm-faces'})`],
      ['parámetros entrenables', n.fixed(parameterCount(model), 0)],
      ['entrada', `${spec.inputSize}×${spec.inputSize} px RGB, normalizada con media [${spec.normalization.mean.map(n.number).join('; ')}]`],
      ['clases (personas)', `${spec.numClasses}`],
      ['entrenamiento', trainingText(model.training)],
      ['imágenes que se atacan', model.testDescription],
      ['motor', model.classifier.engine],
      ...model.notes.map((note) => ['nota', note] as [string, string]),
    ],
    `Modelo cargado: ${model.label}`,
  );
}
