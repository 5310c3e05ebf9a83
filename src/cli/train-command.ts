/** `train`: flags -> runTraining, with a progress bar, epoch lines and Ctrl-C handling. */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { BackendPreference } from '../engines/tfjs/backend.js';
import { DEFAULT_MODELS_DIR, REAL_DATA_DIR, SAMPLE_DATA_DIR, TRAINING_DEFAULTS, defaultDataDir } from '../study/defaults.js';
import { MODEL_NAMES_HELP } from '../study/model-choice.js';
import { displayPath } from '../core/display-path.js';
import type { StoredDtype } from '../weights/format.js';
import { currentCommandLine } from './command-line.js';
import { EXIT_INTERRUPTED } from './errors.js';
import { interruptOnSigint } from './interrupt.js';
import { fraction, positiveNumber, wholeNumber, withDefault } from './parse.js';
import { ProgressLine } from './progress.js';

interface TrainFlags {
  model?: string;
  weights?: string;
  data?: string;
  out?: string;
  inputSize?: number;
  epochs: number;
  batchSize: number;
  lr: number;
  lrDecay: number;
  seed: number;
  augment: number;
  valFraction: number;
  split?: string;
  backend: BackendPreference;
  dtype: StoredDtype;
  png: boolean;
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** `models/<model>_<dataset folder>`, e.g. models/resnet18_sample_faces. */
function defaultOut(flags: TrainFlags, data: string): string {
  return `${DEFAULT_MODELS_DIR}/${flags.model ?? (flags.weights ? 'finetuned' : 'resnet18')}_${basename(resolve(data))}`;
}

export function trainCommand(setExitCode: (code: number) => void): Command {
  return new Command('train')
    .description('Train (or fine-tune) a face classifier; saves the best checkpoint by validation accuracy, its split, history and training curve.')
    .addOption(new Option('--model <name>', withDefault(`architecture: ${MODEL_NAMES_HELP}`, "the --weights' architecture, else resnet18")))
    .option('--weights <file>', 'fine-tune from these weights (fgsm-faces .json or PyTorch .pth; a classifier layer for another class count is replaced)')
    .addOption(new Option('--data <dir>', withDefault('dataset folder (Faces/ + Dataset.csv)', `${REAL_DATA_DIR} if it exists, else ${SAMPLE_DATA_DIR}`)))
    .addOption(new Option('--out <path>', withDefault('weights to write: <path>.json + <path>.bin, next to <path>.split.json, .history.json, .training.html/.png', `${DEFAULT_MODELS_DIR}/<model>_<data folder name>`)))
    .addOption(new Option('--input-size <px>', withDefault('image side', `the --weights' input size, else ${TRAINING_DEFAULTS.inputSize}`)).argParser(wholeNumber(32)))
    .addOption(new Option('--epochs <n>', 'epochs').argParser(wholeNumber(1)).default(TRAINING_DEFAULTS.epochs))
    .addOption(new Option('--batch-size <n>', 'images per training batch').argParser(wholeNumber(2)).default(TRAINING_DEFAULTS.batchSize))
    .addOption(new Option('--lr <rate>', 'Adam learning rate').argParser(positiveNumber).default(TRAINING_DEFAULTS.learningRate))
    .addOption(new Option('--lr-decay <factor>', 'learning-rate factor applied after each epoch (1 = constant)').argParser(positiveNumber).default(TRAINING_DEFAULTS.lrDecay))
    .addOption(new Option('--seed <n>', 'seed of the split, validation part, initial weights, shuffling and augmentation').argParser(wholeNumber(0)).default(TRAINING_DEFAULTS.seed))
    .addOption(new Option('--augment <pixels>', 'random flips and shifts of up to this many pixels (0 = no augmentation)').argParser(wholeNumber(0)).default(TRAINING_DEFAULTS.augmentShift))
    .addOption(new Option('--val-fraction <f>', "fraction of each person's training images used for validation (picks the best epoch)").argParser(fraction).default(TRAINING_DEFAULTS.valFraction))
    .addOption(new Option('--split <file>', withDefault('split file: reused if it exists, else made (seeded, stratified 80/20) and saved there', '<out>.split.json')))
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto', 'FGSM_BACKEND, else auto: tensorflow > wasm > cpu'))
    .addOption(new Option('--dtype <type>', 'storage precision of the saved weights (float16 halves the file)').choices(['float32', 'float16']).default(TRAINING_DEFAULTS.dtype))
    .option('--no-png', 'skip the training-curve PNG (the HTML is always written)')
    .action(async (flags: TrainFlags) => {
      const data = flags.data ?? defaultDataDir();
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
            data,
            out: flags.out ?? defaultOut(flags, data),
            model: flags.model,
            weights: flags.weights,
            inputSize: flags.inputSize,
            epochs: flags.epochs,
            batchSize: flags.batchSize,
            learningRate: flags.lr,
            lrDecay: flags.lrDecay,
            seed: flags.seed,
            augmentShift: flags.augment,
            valFraction: flags.valFraction,
            split: flags.split,
            backend: flags.backend === 'auto' ? undefined : flags.backend, // undefined: FGSM_BACKEND, else auto
            dtype: flags.dtype,
            command: currentCommandLine(),
            png: flags.png,
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
          say(`interrupted after ${outcome.history.length} of ${flags.epochs} epochs: ${best ? `kept the ${best}` : `no epoch finished, so no checkpoint was written${earlier}`}.`);
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
