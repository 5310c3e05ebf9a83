/**
 * Logit i must mean the same person as label i of the data. Labels come from the dataset index
 * (sorted names, as the original notebook); our weights carry the names they were trained with.
 */
import { describeSome, quoted } from '../data/errors.js';
import { ConfigError } from './errors.js';
import type { ChosenModel } from './model-choice.js';
import { displayPath } from '../core/display-path.js';

/**
 * The model's class names, after checking them against the dataset's. `numClasses` (from the loaded
 * model) is needed for weights without metadata, whose names can only be the dataset's.
 */
export function checkClassNames(datasetNames: readonly string[], model: ChosenModel, dataRoot: string, numClasses?: number): string[] {
  const data = displayPath(dataRoot);
  const names = model.metadata?.classNames;
  if (!names) {
    if (numClasses !== undefined && numClasses !== datasetNames.length) {
      throw new ConfigError(`${model.path} has ${numClasses} outputs but ${data} has ${datasetNames.length} people: the weights were trained on another dataset. Fix: pass the dataset they were trained on (--data).`);
    }
    return [...datasetNames];
  }
  if (names.length === datasetNames.length && names.every((n, i) => n === datasetNames[i])) return [...names];
  const known = new Set(names);
  const inData = new Set(datasetNames);
  const unknown = datasetNames.filter((n) => !known.has(n));
  const absent = names.filter((n) => !inData.has(n));
  const trainedOn = typeof model.metadata?.extra?.datasetRoot === 'string' ? ` (it names ${model.metadata.extra.datasetRoot})` : '';
  const detail =
    unknown.length === 0 && absent.length === 0
      ? 'the same names in another order'
      : [unknown.length ? `${unknown.length} not known to the model: ${describeSome(quoted(unknown))}` : '', absent.length ? `${absent.length} missing from the data: ${describeSome(quoted(absent))}` : ''].filter(Boolean).join('; ');
  throw new ConfigError(`the people of ${data} do not match the classes of ${model.path} (${detail}). Fix: pass the dataset the model was trained on with --data${trainedOn}.`);
}
