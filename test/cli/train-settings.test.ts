/**
 * `train`'s flags come from one schema, TRAINING_SETTINGS: the CLI and the library refuse the same
 * bad value with the same one-line message (naming the flag on the command line, the config key in
 * the library), --help lists every flag with its default, and the flags land on the library's keys.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { EXIT_USAGE, configFromFlags, optionsFor } from '../../src/cli/index.js';
import { ConfigError } from '../../src/study/index.js';
import { TRAINING_SETTINGS, resolveTrainingSettings, runTraining } from '../../src/train/index.js';
import { errorLines, runCli } from './helpers.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fgsm-train-settings-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The library's message for a bad value (ConfigError, naming the key). */
function libraryMessage(key: keyof typeof TRAINING_SETTINGS, value: unknown): string {
  try {
    resolveTrainingSettings({ data: join(dir, 'data'), out: join(dir, 'out', 'm'), [key]: value });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail(`the library took ${key} = ${JSON.stringify(value)}`);
}

/** Bad values as typed on the command line and as given to the library. */
const REFUSED = [
  { key: 'epochs', text: '0', value: 0 },
  { key: 'valFraction', text: '1.5', value: 1.5 },
  { key: 'learningRate', text: '-1', value: -1 },
  { key: 'learningRate', text: 'fast', value: 'fast' },
  { key: 'batchSize', text: '1', value: 1 },
  { key: 'augmentShift', text: '1.5', value: 1.5 },
  { key: 'seed', text: '-1', value: -1 },
] as const;

test('train: the CLI and the library refuse the same bad value with the same one-line message', async () => {
  await Promise.all(
    REFUSED.map(async ({ key, text, value }) => {
      const flag = TRAINING_SETTINGS[key].flag!.split(' ')[0]!;
      const library = libraryMessage(key, value);
      assert.ok(library.startsWith(`${key} must be `), library);
      const out = join(dir, `refused-${key}-${text}`);
      const run = await runCli(['train', flag, text, '--data', join(dir, 'no-such-data'), '--out', join(out, 'm')]);
      assert.equal(run.code, EXIT_USAGE, run.stderr);
      assert.deepEqual(errorLines(run.stderr), [`fgsm-faces: error: option '${TRAINING_SETTINGS[key].flag!}' argument '${text}' is invalid. ${flag}${library.slice(key.length)} (see --help)`]);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(existsSync(out), false, 'nothing written');
    }),
  );
});

test('train: runTraining refuses a bad value before any work, with the schema message', async () => {
  const out = join(dir, 'library-refused');
  await assert.rejects(runTraining({ data: join(dir, 'no-such-data'), out: join(out, 'm'), epochs: 0 }), (error: unknown) => error instanceof ConfigError && error.message === libraryMessage('epochs', 0));
  assert.equal(existsSync(out), false, 'nothing written');
});

test('train --help lists every flag of TRAINING_SETTINGS with its help and default', async () => {
  const run = await runCli(['train', '--help']);
  assert.equal(run.code, 0, run.stderr);
  const help = run.stdout.replace(/\s+/g, ' '); // commander wraps at 80 columns, only at spaces
  const squeeze = (text: string) => text.replace(/\s+/g, ' ');
  for (const setting of Object.values(TRAINING_SETTINGS)) {
    const flag = setting.flag!;
    assert.ok(help.includes(` ${flag} ${squeeze(setting.help)}`), `${flag} with its help`);
    const defaultValue: unknown = setting.defaultValue;
    if (flag.startsWith('--no-')) continue; // a switch: on unless given
    const shown = defaultValue === undefined ? setting.defaultHelp : (setting.defaultHelp ?? JSON.stringify(defaultValue));
    if (shown === undefined) {
      assert.equal(flag, '--weights <file>', 'only --weights has no default (none: a fresh, seeded model)');
      continue;
    }
    assert.ok(help.includes(`default: ${squeeze(shown)}`), `${flag} shows its default (${shown})`);
  }
  // The defaults of the original notebook, as they always were.
  for (const text of ['--epochs <n> epochs (default: 12)', '--batch-size <n> images per training batch (default: 32)', '--lr <rate> Adam learning rate (default: 0.001)', '--augment <pixels> random flips and shifts of up to this many pixels (0 = no augmentation) (default: 0)', '(picks the best epoch) (default: 0.1)', 'default: "float32")']) {
    assert.ok(help.includes(text), text);
  }
});

test("train's flags land on the library's keys (--lr is learningRate, --augment is augmentShift)", () => {
  const parse = (args: readonly string[]) => {
    const command = new Command('train').exitOverride();
    for (const option of optionsFor(TRAINING_SETTINGS)) command.addOption(option);
    command.parse([...args], { from: 'user' });
    return configFromFlags(TRAINING_SETTINGS, command.opts());
  };
  // README's command for the bundled model.
  const readme = parse(['--model', 'resnet18', '--data', 'data/sample_faces', '--input-size', '64', '--epochs', '10', '--augment', '2', '--val-fraction', '0.15', '--dtype', 'float16', '--out', 'models/resnet18_sample_faces']);
  assert.deepEqual(readme, { model: 'resnet18', data: 'data/sample_faces', out: 'models/resnet18_sample_faces', inputSize: 64, epochs: 10, batchSize: 32, learningRate: 0.001, lrDecay: 0.5, seed: 0, augmentShift: 2, valFraction: 0.15, dtype: 'float16' }, 'a --no- switch not given is left to the library (on)');
  const other = parse(['--lr', '3e-4', '--lr-decay', '1', '--backend', 'wasm', '--no-png', '--weights', 'w.pth', '--split', 's.json']);
  assert.equal(other.learningRate, 3e-4);
  assert.equal(other.lrDecay, 1);
  assert.equal(other.backend, 'wasm');
  assert.equal(other.png, false);
  assert.equal(other.weights, 'w.pth');
  assert.equal(other.split, 's.json');
  assert.equal('backend' in parse([]), false, '--backend auto (the default) is left to FGSM_BACKEND');
  for (const key of Object.keys(readme)) assert.ok(key in TRAINING_SETTINGS, key);
  const settings = resolveTrainingSettings(readme as Parameters<typeof resolveTrainingSettings>[0]);
  assert.equal(settings.learningRate, 0.001);
  assert.equal(settings.augmentShift, 2);
});
