import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHROMIUM_HINT, ChromiumNotFoundError, findChromium } from '../../src/figures/index.js';

test('FGSM_CHROMIUM wins when it is an executable file', () => {
  assert.equal(findChromium({ FGSM_CHROMIUM: process.execPath }), process.execPath);
});

test('a FGSM_CHROMIUM that points nowhere is a clear error, not a silent fallback', () => {
  assert.throws(
    () => findChromium({ FGSM_CHROMIUM: '/nonexistent/chromium' }),
    (error: unknown) => error instanceof ChromiumNotFoundError && /FGSM_CHROMIUM=\/nonexistent\/chromium is not an executable file/.test(error.message),
  );
});

test('the missing-Chromium error tells how to get PNGs', () => {
  const error = new ChromiumNotFoundError();
  assert.equal(error.name, 'ChromiumNotFoundError');
  assert.ok(error.message.startsWith(CHROMIUM_HINT));
  assert.match(CHROMIUM_HINT, /apt-get install chromium/);
  assert.match(CHROMIUM_HINT, /FGSM_CHROMIUM/);
});
