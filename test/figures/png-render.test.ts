import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { CHROMIUM_HINT, accuracyFigure, classDistributionFigure, findChromium, lazyPngRenderer, modelsComparisonFigure, openPngRenderer, renderFigurePng } from '../../src/figures/index.js';
import { sweepResults } from './fixtures.js';

const chromiumPath = findChromium();
const skip = chromiumPath ? false : CHROMIUM_HINT;

/** Size and whether the picture has content: a blank (one-colour) image has zero spread. */
async function describePng(pngOrPath: Buffer | string) {
  const image = sharp(pngOrPath);
  const [meta, stats] = await Promise.all([image.metadata(), image.stats()]);
  return { format: meta.format, width: meta.width, height: meta.height, spread: Math.max(...stats.channels.map((c) => c.stdev)) };
}

test('renderFigurePng writes a PNG of the requested size that is not blank', { skip, timeout: 180_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fgsm-png-'));
  try {
    const path = join(dir, 'accuracy.png');
    const started = performance.now();
    await renderFigurePng(accuracyFigure(sweepResults('resnet18', [36, 34, 25, 6, 1]), { logX: true }), path, { width: 800, height: 450 });
    t.diagnostic(`one PNG with a fresh browser: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const png = await describePng(path);
    assert.deepEqual([png.format, png.width, png.height], ['png', 800, 450]);
    assert.ok(png.spread > 0, 'the PNG has drawn content');
    assert.deepEqual(await readdir(dir), ['accuracy.png'], 'atomic write leaves no temporary file');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('one PngRenderer draws several figures, also asked for at once, each at its own size', { skip, timeout: 180_000 }, async (t) => {
  const started = performance.now();
  const renderer = await openPngRenderer();
  t.diagnostic(`open (launch + load plotly): ${((performance.now() - started) / 1000).toFixed(2)} s`);
  try {
    const models = [sweepResults('resnet18', [36, 34, 25, 6, 1]), sweepResults('resnet101', [38, 37, 30, 12, 4])];
    const oneStarted = performance.now();
    const first = await renderer.png(modelsComparisonFigure(models), { width: 1000, height: 420 });
    t.diagnostic(`one more PNG on an open renderer: ${((performance.now() - oneStarted) / 1000).toFixed(2)} s`);
    const [second, third] = await Promise.all([
      renderer.png(classDistributionFigure([{ name: 'Amara Okafor', count: 12 }, { name: 'Kenji Morita', count: 9 }]), { width: 500, height: 300 }),
      renderer.png(accuracyFigure(models[0]!), { width: 640, height: 480 }),
    ]);
    for (const [png, width, height] of [[first, 1000, 420], [second, 500, 300], [third, 640, 480]] as const) {
      const described = await describePng(png);
      assert.deepEqual([described.width, described.height], [width, height]);
      assert.ok(described.spread > 0);
    }
    await assert.rejects(renderer.png(accuracyFigure(models[0]!), { width: 0, height: 300 }), /width must be a whole number of pixels/);
  } finally {
    await renderer.close();
  }
});

test('lazyPngRenderer launches on first use, reuses that browser, closes it once, and launches anew after close', { skip, timeout: 180_000 }, async () => {
  const said: string[] = [];
  const lazy = lazyPngRenderer((reason) => said.push(reason));
  const [first, again] = await Promise.all([lazy.get(), lazy.get()]);
  assert.ok(first, 'a browser was launched');
  assert.equal(again, first, 'asked for twice at once: one browser');
  assert.equal(await lazy.get(), first, 'reused');
  const png = await describePng(await first.png(classDistributionFigure([{ name: 'A', count: 3 }]), { width: 300, height: 200 }));
  assert.deepEqual([png.width, png.height], [300, 200]);
  await lazy.close();
  await lazy.close();
  const next = await lazy.get();
  assert.ok(next && next !== first, 'after close, the next use launches a new browser');
  await lazy.close();
  assert.deepEqual(said, []);
});

test('lazyPngRenderer without a usable browser answers undefined and says why once', async () => {
  const said: string[] = [];
  const lazy = lazyPngRenderer((reason) => said.push(reason), { executablePath: '/nonexistent/chromium' });
  assert.equal(await lazy.get(), undefined);
  assert.equal(await lazy.get(), undefined);
  await lazy.close();
  assert.equal(await lazy.get(), undefined, 'tried again after close, still none');
  assert.equal(said.length, 1, 'said once');
  assert.match(said[0]!, /^Cannot start \/nonexistent\/chromium: .*[^.]$/);
});
