/** The verify command's physical-attack settings: the CLI and the library refuse the same things with the same words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optionFor } from '../../src/cli/index.js';
import { checkSettings } from '../../src/study/index.js';
import { VERIFY_REGIONS, VERIFY_SETTINGS } from '../../src/verification/index.js';

const parse = (setting: Parameters<typeof optionFor>[0], text: string) => (optionFor(setting) as unknown as { parseArg: (t: string, p: unknown) => unknown }).parseArg(text, undefined);

test('--regions: a list of regions, "none" for no physical attack; unknown regions, bad steps and weights are refused', () => {
  assert.deepEqual(parse(VERIFY_SETTINGS.regions, 'glasses, cheek'), ['glasses', 'cheek']);
  assert.deepEqual(parse(VERIFY_SETTINGS.regions, 'none'), []);
  assert.deepEqual(VERIFY_REGIONS, ['glasses', 'forehead']);
  assert.throws(() => parse(VERIFY_SETTINGS.regions, 'glasses,hat'), /--regions: unknown region "hat"; choose from glasses, forehead, cheek, or none\./);
  assert.throws(() => checkSettings(VERIFY_SETTINGS, { regions: ['mask'] }), /regions: unknown region "mask"/);
  assert.throws(() => parse(VERIFY_SETTINGS.attacks, 'fgsm,cw'), /--attacks: unknown attack "cw"; choose from fgsm, bim, mifgsm, pgd, noise\./);
  assert.throws(() => checkSettings(VERIFY_SETTINGS, { attacks: [] }), /attacks must list at least one attack/);
  assert.throws(() => parse(VERIFY_SETTINGS.regionSteps, '0'), /--region-steps must be a whole number >= 1, got 0/);
  assert.throws(() => parse(VERIFY_SETTINGS.tvWeight, '-1'), /--tv-weight must be a number >= 0, got -1/);
  assert.equal(parse(VERIFY_SETTINGS.tvWeight, '0'), 0, 'no smoothing is allowed');
});
