/**
 * The notebook's model cell: a zoo name and a weights file (ours or the original .pth) become a
 * classifier, its class names and the test images it never saw. Every check runs before the slow
 * load, and a failure says in Spanish what to change in the cell (the library's message follows).
 */
import type { FaceDataset, FaceEntry } from '../data/dataset.js';
import { loadClassifier, type LoadedClassifier } from '../engines/load.js';
import type { BackendPreference } from '../engines/tfjs/backend.js';
import type { Classifier } from '../engines/types.js';
import type { ModelSpec } from '../models/graph.js';
import { ARCHITECTURES, resolveArchitecture } from '../models/zoo.js';
import { checkClassNames } from '../study/class-names.js';
import { chooseModels, type ChosenModel } from '../study/model-choice.js';
import { defaultModelsDir } from '../study/defaults.js';
import { readWeightsInfo } from '../study/weights-info.js';
import { chooseTestSet, displayPath, type TestSet } from '../study/test-set.js';

export interface NotebookModelRequest {
  /** The model cell's `model_name`: resnet18, resnet101 or custom_resnet (alias resnet). */
  readonly modelName: string;
  /** The model cell's `pretrained_model`: our .json weights or an original .pth. */
  readonly weights: string;
  readonly dataset: FaceDataset;
  /** For weights that do not record their split (a .pth): a split file, or 'all'. */
  readonly split?: string;
  /** Attack at most this many test images, spread over the people (keeps the notebook quick). */
  readonly limit?: number;
  /** Image side fed to the model; default the weights' (224 for a .pth, as in the original). */
  readonly inputSize?: number;
  readonly backend?: BackendPreference;
}

export interface NotebookModel {
  /** Names the model in tables and charts (the architecture, or more if two weights share it). */
  readonly label: string;
  readonly classifier: Classifier;
  readonly spec: ModelSpec;
  readonly weights: string;
  readonly format: LoadedClassifier['format'];
  /** classNames[i] is the person of logit i. */
  readonly classNames: readonly string[];
  /** The images attacked: the test part of the split the weights were trained with. */
  readonly testEntries: readonly FaceEntry[];
  readonly testDescription: string;
  /** Things worth telling (prefixes stripped, guesses made, ...). */
  readonly notes: readonly string[];
  /** The weights' training info when recorded (epochs, validation accuracy, ...). */
  readonly training?: Readonly<Record<string, unknown>>;
  /** The model cell as the library's study request: the same model, weights, data and test images. */
  readonly source: { readonly model: string; readonly weights: string; readonly data: string; readonly split?: string; readonly limit?: number; readonly inputSize?: number };
}

/** A problem the reader fixes by editing a cell; the message says which and how. */
export class NotebookSetupError extends Error {
  override readonly name = 'NotebookSetupError';
}

function fail(advice: string, error: unknown): never {
  const detail = error instanceof Error ? error.message : String(error);
  throw new NotebookSetupError(`${advice}\nDetalle: ${detail}`, { cause: error });
}

/** The test set in Spanish words, e.g. "parte de prueba de models/x.split.json (registrada con los pesos): 120 imágenes". */
export function describeTestSet(testSet: TestSet, dataset: FaceDataset): string {
  const where =
    testSet.source === 'weights-split'
      ? `parte de prueba de ${displayPath(testSet.splitFile!)} (la partición registrada con los pesos)`
      : testSet.source === 'split-file'
        ? `parte de prueba de ${displayPath(testSet.splitFile!)}`
        : `todas las imágenes de ${displayPath(dataset.root)} (test_split = 'all')`;
  const limited = testSet.entries.length < testSet.available ? `, limitadas a ${testSet.entries.length}` : '';
  return `${where}: ${testSet.available} imágenes${limited}`;
}

export async function loadNotebookModel(request: NotebookModelRequest): Promise<NotebookModel> {
  const { dataset, weights, modelName } = request;
  const cellHint = `Revise la celda del modelo: model_name = '${modelName}', pretrained_model = '${weights}'.`;
  let architecture: string;
  try {
    architecture = resolveArchitecture(modelName);
  } catch (error) {
    fail(`${cellHint} model_name debe ser uno de ${ARCHITECTURES.join(', ')}.`, error);
  }
  const info = await readWeightsInfo(weights).catch((error: unknown) => fail(`${cellHint} pretrained_model debe ser un fichero de pesos que exista (.json de fgsm-faces o .pth del proyecto original); las rutas relativas parten de la raíz del repositorio.`, error));
  const stored = info.metadata?.architecture;
  if (stored && stored !== architecture) {
    // The common slip: another line uncommented than the one the weights are for.
    throw new NotebookSetupError(`Los pesos ${weights} son de un modelo ${stored}, no ${architecture}. En la celda del modelo deje sin comentar const model_name = '${stored}'; o ponga en pretrained_model unos pesos de ${architecture}.`);
  }
  let chosen: ChosenModel;
  try {
    [chosen] = (await chooseModels([{ model: modelName, weights }], defaultModelsDir())) as [ChosenModel];
  } catch (error) {
    fail(`${cellHint} model_name debe ser uno de ${ARCHITECTURES.join(', ')} y pretrained_model un fichero de pesos que exista (.json de fgsm-faces o .pth del proyecto original).`, error);
  }
  // Weights trained on other people (e.g. the bundled sample models with the Kaggle data): say it
  // first, in one message, rather than as a missing split or a shape mismatch.
  const trainedNames = chosen.metadata?.classNames;
  if (trainedNames && (trainedNames.length !== dataset.classNames.length || trainedNames.some((name, i) => name !== dataset.classNames[i]))) {
    const trainedOn = typeof chosen.metadata?.extra?.datasetRoot === 'string' ? chosen.metadata.extra.datasetRoot : undefined;
    throw new NotebookSetupError(
      `Los pesos ${weights} se entrenaron con otras personas (${trainedNames.length}${trainedOn ? `, las de ${trainedOn}` : ''}) que las de ${displayPath(dataset.root)} (${dataset.classNames.length}). ` +
        `Para atacarlos, use sus datos: en la sección 3, data_dir = '${trainedOn ?? 'la carpeta con la que se entrenaron'}'. ` +
        `Para atacar un modelo con estos datos, entrénelo antes con ellos (npm run train -- --model ${modelName} --data ${displayPath(dataset.root)}) o use los .pth del original con test_split.`,
    );
  }
  let testEntries: readonly FaceEntry[];
  let testDescription: string;
  try {
    const testSet = await chooseTestSet({ dataset, model: chosen, split: request.split, limit: request.limit, warn: (m) => console.warn(m) });
    testEntries = testSet.entries;
    testDescription = describeTestSet(testSet, dataset);
  } catch (error) {
    fail(
      `No se sabe qué imágenes de ${displayPath(dataset.root)} quedaron fuera del entrenamiento de ${weights}. ` +
        "Indique test_split = 'all' si ninguna se usó para entrenar, o la ruta de un fichero de partición (su parte de prueba es la que se ataca).",
      error,
    );
  }
  let loaded: LoadedClassifier;
  try {
    checkClassNames(dataset.classNames, chosen, dataset.root);
    loaded = await loadClassifier({ model: modelName, weights, inputSize: request.inputSize, backend: request.backend });
  } catch (error) {
    fail(
      `Los pesos ${weights} no encajan con el modelo '${modelName}' o con los datos de ${displayPath(dataset.root)}. ${cellHint} ` +
        'Elija en model_name la arquitectura con la que se entrenaron esos pesos, o los datos con los que se entrenaron.',
      error,
    );
  }
  let classNames: string[];
  try {
    classNames = checkClassNames(dataset.classNames, chosen, dataset.root, loaded.spec.numClasses);
  } catch (error) {
    loaded.classifier.dispose();
    fail(`Los pesos ${weights} tienen ${loaded.spec.numClasses} salidas y los datos ${dataset.classNames.length} personas.`, error);
  }
  return {
    label: chosen.label,
    classifier: loaded.classifier,
    spec: loaded.spec,
    weights,
    format: loaded.format,
    classNames,
    testEntries,
    testDescription,
    notes: loaded.notes,
    training: loaded.metadata?.extra,
    source: { model: modelName, weights, data: dataset.root, ...(request.split !== undefined ? { split: request.split } : {}), ...(request.limit !== undefined ? { limit: request.limit } : {}), ...(request.inputSize !== undefined ? { inputSize: request.inputSize } : {}) },
  };
}
