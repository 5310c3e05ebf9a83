/** `study` (the default command): flags -> runStudy, with a progress bar and a summary. */
import { Command, Option } from 'commander';
import type { EpsilonInput } from '../attacks/epsilon.js';
import { ORIGINAL_EPSILONS } from '../eval/sweep.js';
import { DEFAULT_MODELS_DIR, DEFAULT_SWEEP_BATCH_SIZE_HELP } from '../report/defaults.js';
import { ConfigError } from '../report/errors.js';
import { MODEL_NAMES_HELP, type ModelRequest } from '../report/model-choice.js';
import type { BackendPreference } from '../engines/tfjs/backend.js';
import { withAttackConsole } from './attack-console.js';
import { backendOption, dataOption, inputSizeOption, jsonOption, limitOption, outOption, weightsOption } from './shared-options.js';
import { collect, epsilonList, wholeNumber, withDefault } from './parse.js';
import { studySummary } from './study-summary.js';

interface StudyFlags {
  model?: string[];
  weights?: string[];
  modelsDir: string;
  data?: string;
  inputSize?: number;
  /** As typed (checked by the flag parser); the study settings sort and de-duplicate them. */
  epsilons: EpsilonInput[];
  batchSize?: number;
  limit?: number;
  split?: string;
  backend: BackendPreference;
  out: string;
  json?: boolean;
  png: boolean;
}

/** --model/--weights given in pairs, in order; either alone is fine too. */
export function pairModelFlags(models: readonly string[] = [], weights: readonly string[] = []): ModelRequest[] | undefined {
  if (weights.length === 0) return models.length ? models.map((model) => ({ model })) : undefined;
  if (models.length === 0) return weights.map((w) => ({ weights: w }));
  if (models.length !== weights.length) {
    throw new ConfigError(`got ${models.length} --model and ${weights.length} --weights: give one --model per --weights, in the same order (or no --model: the architecture is then read from the weights).`);
  }
  return weights.map((w, i) => ({ model: models[i], weights: w }));
}

export function studyCommand(): Command {
  return new Command('study')
    .description('Attack each model with FGSM at every epsilon and write its results (JSON, CSV, figures). The default command.')
    .addOption(new Option('--model <name>', `model to attack; repeat for several. Alone: the bundled weights of that architecture. Names: ${MODEL_NAMES_HELP}`).argParser(collect))
    .addOption(weightsOption())
    .option('--models-dir <dir>', 'where the bundled models are found (every fgsm-faces *.json in it)', DEFAULT_MODELS_DIR)
    .addOption(dataOption())
    .addOption(inputSizeOption())
    .addOption(new Option('--epsilons <list>', 'comma-separated attack strengths in [0, 1] (pixels are in [0,1]), numbers or k/255; sorted, duplicates dropped').argParser(epsilonList).default([...ORIGINAL_EPSILONS], ORIGINAL_EPSILONS.join(',')))
    .addOption(new Option('--batch-size <n>', withDefault('images per sweep batch (memory only; results do not depend on it)', DEFAULT_SWEEP_BATCH_SIZE_HELP)).argParser(wholeNumber(1)))
    .addOption(limitOption())
    .addOption(
      new Option('--split <file|all>', withDefault("test set for weights that do not record a split fitting the data: a split file (its test part) or 'all' (every image: only for a folder held out from training)", 'the split recorded in the weights')),
    )
    .addOption(backendOption())
    .addOption(outOption())
    .addOption(jsonOption())
    .option('--no-png', 'skip the PNG figures (the HTML figures are always written)')
    .action(async (flags: StudyFlags) => {
      const models = pairModelFlags(flags.model, flags.weights);
      // Loaded here, not at the top: --help and flag errors answer without loading tfjs and danfo.
      const { runStudy } = await import('../report/study.js');
      await withAttackConsole(async ({ hooks, signal }) => {
        const outcome = await runStudy(
          {
            models,
            modelsDir: flags.modelsDir,
            data: flags.data,
            inputSize: flags.inputSize,
            epsilons: flags.epsilons,
            batchSize: flags.batchSize,
            limit: flags.limit,
            split: flags.split,
            backend: flags.backend === 'auto' ? undefined : flags.backend, // undefined: FGSM_BACKEND, else auto
            out: flags.out,
            png: flags.png,
            signal,
          },
          hooks,
        );
        if (flags.json) process.stdout.write(`${JSON.stringify(outcome.models.map((m) => m.document), null, 2)}\n`);
        else process.stdout.write(studySummary(outcome));
      });
    });
}
