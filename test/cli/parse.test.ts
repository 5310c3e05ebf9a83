import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommanderError, InvalidArgumentError } from 'commander';
import { oneLine, optionFor, pairModelFlags, reportError } from '../../src/cli/index.js';
import { AbortedError, ConfigError, ROBUSTNESS_SETTINGS, STUDY_SETTINGS } from '../../src/study/index.js';
import { TRAINING_SETTINGS } from '../../src/train/index.js';
import { WeightsError } from '../../src/weights/index.js';
import { NumericalError } from '../../src/eval/index.js';
import { EpsilonError } from '../../src/attacks/index.js';

/** The flag parser commander runs for a setting (its text -> value, then the setting's check). */
const parserOf = (setting: Parameters<typeof optionFor>[0]) => (text: string) => (optionFor(setting) as unknown as { parseArg: (text: string, previous: unknown) => unknown }).parseArg(text, undefined);
const epsilonList = parserOf(STUDY_SETTINGS.epsilons);
const stepSize = parserOf(ROBUSTNESS_SETTINGS.stepSize);

test('--epsilons: a comma list of numbers or k/255 in [0, 1], kept as typed for the settings to tidy; anything else refused with the bad item named', () => {
  assert.deepEqual(epsilonList('0, 0.01,1e-3,1'), ['0', '0.01', '1e-3', '1']);
  assert.deepEqual(epsilonList('8/255,0,8/255'), ['8/255', '0', '8/255'], 'duplicates and order are the settings\' business (with a note)');
  for (const [text, named] of [['0,-1', '-1'], ['0,abc', 'abc'], ['0,,1', '""'], ['NaN', 'NaN'], ['Infinity', 'Infinity'], ['', '""'], ['0x10', '0x10'], ['0,1.5', 'above 1']] as const) {
    assert.throws(() => epsilonList(text), (error: Error) => error instanceof InvalidArgumentError && error.message.includes(named), text);
  }
});

test('--step-size: one number or k/255 in [0, 1] by the epsilon rule, kept as typed', () => {
  assert.equal(stepSize('1/255'), '1/255');
  assert.throws(() => stepSize('2'), (error: Error) => error instanceof InvalidArgumentError && /Invalid --step-size "2": above 1/.test(error.message));
  assert.throws(() => stepSize('x'), (error: Error) => error instanceof InvalidArgumentError && /Invalid --step-size "x"/.test(error.message));
});

test('whole numbers, positive numbers and fractions (the train flags)', () => {
  const epochs = parserOf(TRAINING_SETTINGS.epochs);
  assert.equal(epochs('12'), 12);
  assert.throws(() => epochs('0'), InvalidArgumentError);
  assert.throws(() => epochs('1.5'), InvalidArgumentError);
  assert.throws(() => epochs('12px'), InvalidArgumentError);
  const lr = parserOf(TRAINING_SETTINGS.learningRate);
  assert.equal(lr('1e-3'), 0.001);
  assert.throws(() => lr('0'), InvalidArgumentError);
  assert.throws(() => lr('Infinity'), InvalidArgumentError);
  const valFraction = parserOf(TRAINING_SETTINGS.valFraction);
  assert.equal(valFraction('0.1'), 0.1);
  assert.throws(() => valFraction('1'), InvalidArgumentError);
  assert.throws(() => valFraction('0'), InvalidArgumentError);
});

test('--model/--weights pair up in order; either alone is fine; unequal counts are refused', () => {
  assert.equal(pairModelFlags(), undefined);
  assert.deepEqual(pairModelFlags(['resnet18']), [{ model: 'resnet18' }]);
  assert.deepEqual(pairModelFlags([], ['a.json', 'b.pth']), [{ weights: 'a.json' }, { weights: 'b.pth' }]);
  assert.deepEqual(pairModelFlags(['resnet18', 'resnet101'], ['a.json', 'b.pth']), [
    { model: 'resnet18', weights: 'a.json' },
    { model: 'resnet101', weights: 'b.pth' },
  ]);
  assert.throws(() => pairModelFlags(['resnet18'], ['a.json', 'b.pth']), ConfigError);
});

test('errors become one line and an exit code; the stack only with FGSM_DEBUG=1', () => {
  const run = (error: unknown) => {
    let text = '';
    const code = reportError(error, (t) => (text += t));
    return { code, text };
  };
  const previous = process.env.FGSM_DEBUG;
  delete process.env.FGSM_DEBUG;
  try {
    const config = run(new ConfigError('bad thing. Fix: do this.'));
    assert.deepEqual(config, { code: 1, text: 'fgsm-faces: error: bad thing. Fix: do this.\n' });
    assert.deepEqual(run(new EpsilonError('Invalid epsilon 2: above 1.')), { code: 1, text: 'fgsm-faces: error: Invalid epsilon 2: above 1.\n' }, 'an expected error, no "unexpected" hint');
    const weights = run(new WeightsError('mismatch', 'w.pth', 'does not fit:\n  missing (2): a, b\n  unexpected (1): c'));
    assert.equal(weights.code, 1);
    assert.equal(weights.text, 'fgsm-faces: error: w.pth: does not fit: missing (2): a, b unexpected (1): c\n');
    const usage = run(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'\n(Did you mean --y?)"));
    assert.deepEqual(usage, { code: 2, text: "fgsm-faces: error: unknown option '--x' (Did you mean --y?) (see --help)\n" });
    assert.deepEqual(run(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)')), { code: 0, text: '' });
    assert.deepEqual(run(new AbortedError('interrupted during the sweep')), { code: 130, text: 'fgsm-faces: interrupted during the sweep\n' });
    assert.deepEqual(run(new NumericalError('The model produced a non-finite logit (NaN).')), { code: 1, text: 'fgsm-faces: error: The model produced a non-finite logit (NaN).\n' });
    const unexpected = run(new TypeError('x is undefined'));
    assert.equal(unexpected.code, 1);
    assert.match(unexpected.text, /^fgsm-faces: error: x is undefined \(unexpected error; FGSM_DEBUG=1 shows the stack trace\)\n$/);
    process.env.FGSM_DEBUG = '1';
    assert.match(run(new ConfigError('bad')).text, /^fgsm-faces: error: bad\nConfigError: bad\n\s+at /);
  } finally {
    if (previous === undefined) delete process.env.FGSM_DEBUG;
    else process.env.FGSM_DEBUG = previous;
  }
  assert.equal(oneLine('a\n  b\n\nc'), 'a b c');
});
