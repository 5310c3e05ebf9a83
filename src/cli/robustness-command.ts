/**
 * `robustness`: beyond FGSM. Dodging (untargeted FGSM, BIM, PGD: the face escapes its own
 * identity), impersonation (targeted FGSM and PGD: the face is recognised as --target) and the
 * random-noise baseline, over an epsilon sweep, with sanity checks, Wilson intervals, per-identity
 * results and the same faces through the sweep. Flags -> runRobustness, a progress bar, a summary.
 */
import { relative } from 'node:path';
import { Command, Option } from 'commander';
import type { BackendPreference } from '../engines/tfjs/backend.js';
import { DEFAULT_MODELS_DIR, DEFAULT_SWEEP_BATCH_SIZE_HELP } from '../report/defaults.js';
import { MODEL_NAMES_HELP } from '../report/model-choice.js';
import type { RobustnessOutcome } from '../report/robustness.js';
import {
  DEFAULT_EXAMPLE_FACES,
  DEFAULT_RESTARTS,
  DEFAULT_ROBUSTNESS_ATTACKS,
  DEFAULT_ROBUSTNESS_EPSILONS,
  DEFAULT_STEPS,
  ROBUSTNESS_ATTACKS,
  parseAttackNames,
} from '../report/robustness-settings.js';
import { attackRole, epsilonLabel } from '../figures/robustness-format.js';
import { withAttackConsole } from './attack-console.js';
import { backendOption, dataOption, inputSizeOption, jsonOption, limitOption, outOption, weightsOption } from './shared-options.js';
import { asArgument, collect, epsilonList, splitList, stepSize, wholeNumber, withDefault } from './parse.js';
import { pairModelFlags } from './study-command.js';

interface RobustnessFlags {
  model?: string[];
  weights?: string[];
  modelsDir: string;
  data?: string;
  inputSize?: number;
  attacks?: string[];
  target?: string;
  epsilons?: string[];
  steps: number;
  stepSize?: string;
  restarts: number;
  labels: 'true' | 'predicted';
  quantise: boolean;
  seed: number;
  batchSize?: number;
  limit?: number;
  examples: number;
  split?: string;
  backend: BackendPreference | 'auto' | 'onnx';
  out: string;
  json?: boolean;
  png: boolean;
}

function percent(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}

export function robustnessSummary(outcome: RobustnessOutcome): string {
  const lines: string[] = [];
  for (const { label, document } of outcome.models) {
    const r = document.results;
    const failed = document.sanity.checks.filter((c) => !c.ok);
    lines.push(failed.length === 0 ? `sanity checks: all ${document.sanity.checks.length} passed (${[...new Set(document.sanity.checks.map((c) => c.name))].join(', ')})` : `sanity checks: ${failed.length} FAILED: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
    for (const w of document.warnings) lines.push(`warning: ${w}`);
    const c = r.clean.accuracy;
    lines.push(`${label} (${document.model.weights}, ${r.engine}): ${r.total} test images, clean accuracy ${percent(c.rate)} [${percent(c.lower)}, ${percent(c.upper)}], study ${r.seconds.toFixed(1)} s`);
    lines.push('roles: dodging = untargeted (the face escapes its own identity); impersonation = targeted (the face is recognised as the target); baseline = random-sign noise of the same size');
    if (document.framing.target) lines.push(`impersonation target: ${document.framing.target.name} (class ${document.framing.target.label})`);
    lines.push(`  ${'attack'.padEnd(17)}${'role'.padEnd(14)}${'epsilon'.padEnd(9)}${'robust acc [95% CI]'.padEnd(24)}${'orig. rule'.padStart(11)}${'success'.padStart(9)}${'target hit'.padStart(11)}${'8-bit acc'.padStart(10)}`);
    for (const attack of r.attacks) {
      for (const row of attack.results) {
        const robust = `${percent(row.robustAccuracy.rate)} [${percent(row.robustAccuracy.lower)}, ${percent(row.robustAccuracy.upper)}]`;
        lines.push(
          `  ${attack.name.padEnd(17)}${attackRole(attack).padEnd(14)}${(row.epsilon === 0 ? '0' : epsilonLabel(row.epsilon)).padEnd(9)}${robust.padEnd(24)}${percent(row.robustAccuracyOriginalRule.rate).padStart(11)}${percent(row.attackSuccessRate.rate).padStart(9)}${(row.targetedSuccessRate ? percent(row.targetedSuccessRate.rate) : '-').padStart(11)}${(row.quantised ? percent(row.quantised.robustAccuracy.rate) : '-').padStart(10)}`,
        );
      }
    }
  }
  const files = outcome.models.flatMap((m) => m.files);
  lines.push(`Results in ${outcome.outDir}/: ${files.map((f) => relative(outcome.outDir, f)).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function robustnessCommand(): Command {
  return new Command('robustness')
    .description(
      'Beyond FGSM: dodging (untargeted FGSM, BIM, PGD: escape your own identity), impersonation (targeted FGSM and PGD: be recognised as --target) and a random-noise baseline, over an epsilon sweep; writes robustness_<model>.json/.csv and figures.',
    )
    .addOption(new Option('--model <name>', `model to attack; repeat for several. Names: ${MODEL_NAMES_HELP}`).argParser(collect))
    .addOption(weightsOption())
    .option('--models-dir <dir>', 'where the bundled models are found', DEFAULT_MODELS_DIR)
    .addOption(dataOption())
    .addOption(inputSizeOption())
    .addOption(
      new Option('--attacks <list>', withDefault(`comma-separated, from ${ROBUSTNESS_ATTACKS.join(', ')} (impersonate = targeted FGSM + PGD toward --target)`, `${DEFAULT_ROBUSTNESS_ATTACKS.join(',')}, + impersonate with --target`)).argParser(
        asArgument((text) => parseAttackNames(splitList(text))),
      ),
    )
    .option('--target <person>', 'impersonation target: a person name (as in the data) or a class index')
    .addOption(
      new Option('--epsilons <list>', withDefault('comma-separated L-inf budgets in [0, 1] (pixels are in [0,1]): numbers (0.03) or k/255 (8/255); sorted, duplicates dropped', DEFAULT_ROBUSTNESS_EPSILONS.join(','))).argParser(
        epsilonList,
      ),
    )
    .addOption(new Option('--steps <n>', 'BIM/PGD steps').argParser(wholeNumber(1)).default(DEFAULT_STEPS))
    .addOption(new Option('--step-size <eps>', withDefault('BIM/PGD step: a number or k/255', '2.5 * epsilon / steps')).argParser(stepSize))
    .addOption(new Option('--restarts <n>', 'PGD random restarts (the strongest kept per face)').argParser(wholeNumber(1)).default(DEFAULT_RESTARTS))
    .addOption(new Option('--labels <which>', 'labels the attacks push away from: true (dataset) or predicted (the clean prediction, no label leaking)').choices(['true', 'predicted']).default('true'))
    .option('--no-quantise', 'do not also score the adversarial images rounded to 8 bits (as saved in a PNG)')
    .addOption(new Option('--seed <n>', 'seed of PGD random starts and of the noise').argParser(wholeNumber(0)).default(0))
    .addOption(new Option('--batch-size <n>', withDefault('images per batch (memory only)', DEFAULT_SWEEP_BATCH_SIZE_HELP)).argParser(wholeNumber(1)))
    .addOption(limitOption())
    .addOption(new Option('--examples <n>', 'faces in the same-faces grid and the epsilon slider (0 = none)').argParser(wholeNumber(0)).default(DEFAULT_EXAMPLE_FACES))
    .addOption(new Option('--split <file|all>', withDefault("test set for weights that record no split fitting the data: a split file or 'all'", 'the split recorded in the weights')))
    .addOption(backendOption())
    .addOption(outOption())
    .addOption(jsonOption())
    .option('--no-png', 'skip the PNG charts (the HTML and the examples grid are always written)')
    .action(async (flags: RobustnessFlags) => {
      const models = pairModelFlags(flags.model, flags.weights);
      // Loaded here, not at the top: --help and flag errors answer without loading the engines.
      const { runRobustness } = await import('../report/robustness.js');
      await withAttackConsole(async ({ hooks, signal }) => {
        const outcome = await runRobustness(
          {
            models,
            modelsDir: flags.modelsDir,
            data: flags.data,
            inputSize: flags.inputSize,
            attacks: flags.attacks,
            target: flags.target,
            epsilons: flags.epsilons,
            steps: flags.steps,
            stepSize: flags.stepSize,
            restarts: flags.restarts,
            labels: flags.labels,
            quantise: flags.quantise,
            seed: flags.seed,
            batchSize: flags.batchSize,
            limit: flags.limit,
            examples: flags.examples,
            split: flags.split,
            backend: flags.backend === 'auto' ? undefined : flags.backend,
            out: flags.out,
            png: flags.png,
            signal,
          },
          hooks,
        );
        if (flags.json) process.stdout.write(`${JSON.stringify(outcome.models.map((m) => m.document), null, 2)}\n`);
        else process.stdout.write(robustnessSummary(outcome));
      });
    });
}
