/**
 * Which models a study runs: the requested (model, weights) pairs, or every bundled model.
 * Names and files are checked here, before any slow work, and each model gets a file label.
 */
import { basename, extname } from 'node:path';
import type { ArchitectureName } from '../models/graph.js';
import { ARCHITECTURES, resolveArchitecture } from '../models/zoo.js';
import { ConfigError } from './errors.js';
import { findBundledWeights, readWeightsInfo, type WeightsInfo } from './weights-info.js';

/** One requested model: a zoo name, a weights file, or both. */
export interface ModelRequest {
  readonly model?: string;
  readonly weights?: string;
}

export interface ChosenModel extends WeightsInfo {
  /** Used in file names (`results_<label>.json`): the architecture, or more when two share it. */
  readonly label: string;
  /** Known from the request or the metadata; a .pth without --model is identified when loaded. */
  readonly architecture?: ArchitectureName;
  /** The zoo name the user asked for, passed on to the loader. */
  readonly requestedModel?: string;
}

/** The zoo name, or a ConfigError listing the choices. */
export function checkModelName(name: string): ArchitectureName {
  try {
    return resolveArchitecture(name);
  } catch (error) {
    throw new ConfigError((error as Error).message.replace(/^Unknown model/, 'unknown model'));
  }
}

export async function chooseModels(requests: readonly ModelRequest[] | undefined, modelsDir: string): Promise<ChosenModel[]> {
  const requested = requests ?? [];
  for (const r of requested) if (r.model !== undefined) checkModelName(r.model);
  const bundled = requested.some((r) => r.weights === undefined) || requested.length === 0 ? await findBundledWeights(modelsDir) : [];
  if (requested.length === 0 && bundled.length === 0) {
    throw new ConfigError(`no models to attack: ${modelsDir}/ holds no fgsm-faces weights (*.json). Fix: train one (e.g. npm run train -- --model resnet18 --input-size 64 --out ${modelsDir}/resnet18_faces) or pass --weights <file>.`);
  }
  const chosen: Omit<ChosenModel, 'label'>[] = [];
  if (requested.length === 0) {
    for (const info of bundled) chosen.push({ ...info, architecture: info.metadata?.architecture });
  }
  for (const request of requested) {
    const architecture = request.model !== undefined ? checkModelName(request.model) : undefined;
    if (request.weights === undefined) {
      const matches = bundled.filter((b) => b.metadata?.architecture === architecture);
      if (matches.length === 0) {
        throw new ConfigError(`no bundled ${architecture} weights in ${modelsDir}/. Fix: pass --weights <file> with --model ${request.model}, or train one (npm run train -- --model ${architecture}).`);
      }
      for (const info of matches) chosen.push({ ...info, architecture, requestedModel: request.model });
      continue;
    }
    const info = await readWeightsInfo(request.weights);
    const stored = info.metadata?.architecture;
    if (architecture && stored && stored !== architecture) {
      throw new ConfigError(`${info.manifestPath} holds ${stored} weights, not ${architecture}. Fix: pass --model ${stored} (or leave --model out), or the ${architecture} weights.`);
    }
    chosen.push({ ...info, architecture: architecture ?? stored, requestedModel: request.model });
  }
  return withLabels(chosen);
}

function stemOf(path: string): string {
  return basename(path, extname(path));
}

function safeForFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** The architecture name when unique; else architecture_<weights stem>; a numeric suffix as last resort. */
function withLabels(models: readonly Omit<ChosenModel, 'label'>[]): ChosenModel[] {
  const first = models.map((m) => safeForFileName(m.architecture ?? stemOf(m.path)));
  const count = (labels: string[], label: string) => labels.filter((l) => l === label).length;
  const second = models.map((m, i) => (count(first, first[i]!) > 1 ? safeForFileName(`${first[i]}_${stemOf(m.path)}`) : first[i]!));
  const seen = new Map<string, number>();
  return models.map((m, i) => {
    let label = second[i]!;
    if (count(second, label) > 1) {
      const n = (seen.get(label) ?? 0) + 1;
      seen.set(label, n);
      label = `${label}_${n}`;
    }
    return { ...m, label };
  });
}

export const MODEL_NAMES_HELP = `${ARCHITECTURES.join(', ')} (alias "resnet" = custom_resnet)`;
