/**
 * Starting weights for fine-tuning: any weights of the same architecture. When their classifier
 * (`fc`) was made for another number of classes (e.g. ImageNet's 1000), it is replaced by a fresh
 * one, as the original notebook replaced `model.fc`; every other tensor must fit exactly.
 */
import type { ArchitectureName, ModelSpec } from '../models/graph.js';
import { initParams } from '../models/init.js';
import type { ParamsMap } from '../tensor.js';
import type { LoadedModelWeights } from '../weights/load.js';
import { inspectWeights, matchParams } from '../weights/strict.js';
import { ConfigError } from '../study/errors.js';

/** The architecture of starting weights: the one asked for, else what the file says or fits. */
export function fineTuneArchitecture(loaded: LoadedModelWeights, path: string, requested: ArchitectureName | undefined): ArchitectureName {
  const stored = loaded.metadata?.architecture ?? inspectWeights(loaded.params)?.architecture;
  if (requested && loaded.metadata && stored !== requested) {
    throw new ConfigError(`${path} holds ${stored} weights, not ${requested}. Fix: pass --model ${stored} (or leave --model out).`);
  }
  const architecture = requested ?? stored;
  if (!architecture) throw new ConfigError(`${path}: cannot tell which architecture these weights are for. Fix: pass --model (resnet18, resnet101 or custom_resnet).`);
  return architecture;
}

export function paramsToFineTune(loaded: LoadedModelWeights, path: string, spec: ModelSpec, seed: number, note: (message: string) => void): ParamsMap {
  for (const n of loaded.notes) note(n);
  const params: ParamsMap = new Map(loaded.params);
  const fc = params.get('fc.weight');
  if (fc && fc.shape[0] !== spec.numClasses) {
    const fresh = initParams(spec, seed);
    params.set('fc.weight', fresh.get('fc.weight')!);
    params.set('fc.bias', fresh.get('fc.bias')!);
    note(`the classifier layer (fc) of ${path} has ${fc.shape[0]} outputs; replaced by a new one with ${spec.numClasses}`);
  }
  return matchParams(spec, params, { source: path });
}
