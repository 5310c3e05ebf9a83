/** `train`: flags -> runTraining, with a progress bar, epoch lines and Ctrl-C handling. */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command } from 'commander';
import { DEFAULT_MODELS_DIR, defaultDataDir } from '../study/defaults.js';
import { displayPath } from '../core/display-path.js';
import { TRAINING_SETTINGS, type TrainingConfig } from '../train/training-settings.js';
import { currentCommandLine } from './command-line.js';
import { EXIT_INTERRUPTED } from './errors.js';
import { examplesHelp } from './help.js';
import { interruptOnSigint } from './interrupt.js';
import { ProgressLine } from './progress.js';
import { configFromFlags, optionsFor } from './setting-options.js';

/** What the flags give: every TrainingConfig key of TRAINING_SETTINGS (data and out may be left to run time). */
type TrainFlagsConfig = Omit<TrainingConfig, 'data' | 'out'> & Partial<Pick<TrainingConfig, 'data' | 'out'>>;

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** `models/<model>_<dataset folder>`, e.g. models/resnet18_sample_faces. */
function defaultOut(config: TrainFlagsConfig, data: string): string {
  return `${DEFAULT_MODELS_DIR}/${config.model ?? (config.weights ? 'finetuned' : 'resnet18')}_${basename(resolve(data))}`;
}

export function trainCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('train').description('Train (or fine-tune) a face classifier; saves the best checkpoint by validation accuracy, its split, history and training curve.');
  // Every flag, its help, default and check from the one schema the library checks values with.
  for (const option of optionsFor(TRAINING_SETTINGS)) command.addOption(option);
  command.addHelpText('after', examplesHelp(['npm run train -- --model resnet18 --data data/sample_faces --input-size 64 --epochs 10 --out models/resnet18_sample_faces']));
  return command.action(async (flags: Record<string, unknown>) => {
    const config = configFromFlags(TRAINING_SETTINGS, flags) as TrainFlagsConfig;
    const data = config.data ?? defaultDataDir();
    // Loaded here, not at the top: --help and flag errors answer without loading tfjs and danfo.
    const { runTraining } = await import('../train/training-run.js');
    const bar = new ProgressLine('epoch {epoch}/{epochs} |{bar}| batch {batch}/{batches} | loss {loss} | acc {acc} | ETA {eta_formatted}');
    const loading = new ProgressLine('loading images |{bar}| {value}/{total}');
    const say = (line: string) => {
      loading.stop();
      bar.log(`fgsm-faces: ${line}`);
    };
    const interrupt = interruptOnSigint(() => say('stopping after the current batch; the best checkpoint so far is kept (Ctrl-C again to quit at once)'));
    try {
      const outcome = await runTraining(
        {
          ...config,
          data,
          out: config.out ?? defaultOut(config, data),
          command: currentCommandLine(),
          signal: interrupt.signal,
        },
        {
          log: say,
          warn: (line) => say(`warning: ${line}`),
          onImagesLoading: ({ done, total }) => (done < total ? loading.update(done, total) : loading.stop()),
          onBatch: (p) => bar.update((p.epoch - 1) * p.batches + p.batch, p.epochs * p.batches, { epoch: p.epoch, epochs: p.epochs, batch: p.batch, batches: p.batches, loss: p.loss.toFixed(4), acc: percent(p.accuracy) }),
          onEpoch: (r, improved) =>
            say(`epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, acc ${percent(r.trainAccuracy)}; validation loss ${r.valLoss.toFixed(4)}, acc ${percent(r.valAccuracy)}; lr ${r.learningRate.toPrecision(3)}; ${r.seconds.toFixed(1)} s${improved ? ' (best so far: saved)' : ''}`),
        },
      );
      const where = displayPath(outcome.paths.weights);
      const best = outcome.best ? `best checkpoint (epoch ${outcome.best.epoch}, validation accuracy ${percent(outcome.best.valAccuracy)}) in ${where}` : undefined;
      if (outcome.interrupted) {
        const earlier = existsSync(outcome.paths.weights) ? ` (the existing ${where} is from an earlier run)` : '';
        say(`interrupted after ${outcome.history.length} of ${config.epochs} epochs: ${best ? `kept the ${best}` : `no epoch finished, so no checkpoint was written${earlier}`}.`);
        setExitCode(EXIT_INTERRUPTED);
        return;
      }
      process.stdout.write(`Trained ${outcome.architecture} for ${outcome.history.length} epochs: ${best}.\nSplit (its test part is what \`study\` attacks): ${displayPath(outcome.paths.split)}\nFiles: ${outcome.files.map(displayPath).join(', ')}\n`);
    } finally {
      bar.stop();
      loading.stop();
      interrupt.dispose();
    }
  });
}
