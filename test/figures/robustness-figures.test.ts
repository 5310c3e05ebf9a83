/**
 * The robustness figures as data (bands, heatmap shapes, slider steps) on a real attack study of
 * the exact linear classifier, the examples of the same faces, and, when a Chromium is found, the
 * slider page drawn offline and stepped to another epsilon by clicking the slider.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { bimAttack, fgsmAttack, pgdAttack, randomSignNoise } from '../../src/attacks/index.js';
import { attackExamples, runAttackStudy, type AttackExamples, type AttackStudyResults } from '../../src/eval/index.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_HINT,
  confusionFigure,
  epsilonLabel,
  epsilonSliderFigure,
  exampleSources,
  findChromium,
  minimalEpsilonCounts,
  minimalEpsilonFigure,
  perIdentityFigure,
  robustnessCurvesFigure,
  sameFacesGeometry,
  sameFacesGridPng,
  writeFigureHtml,
  type HeatmapTrace,
  type ImageTrace,
} from '../../src/figures/index.js';
import { confusionEpsilonIndex, featuredAttack } from '../../src/outputs/index.js';
import { batchesOf, linearSetup } from '../attacks/helpers.js';

const EPSILONS = [0, '1/255', '4/255', '16/255', 0.1] as const;
const NAMES = ['Amara Okafor', 'Kenji Morita', 'Lucia <b>Ferran', 'Omar Haddad'];
let study: AttackStudyResults;
let examples: AttackExamples;

before(async () => {
  const { model, images, labels } = await linearSetup(16);
  study = await runAttackStudy(model, batchesOf(images, labels, 8), {
    attacks: [fgsmAttack(), bimAttack({ steps: 3 }), pgdAttack({ steps: 3 }), randomSignNoise(), fgsmAttack({ target: 1, name: 'fgsm-impersonate' })],
    epsilons: EPSILONS,
    quantise: true,
  });
  const first = batchesOf(images, labels, 5)[0]!;
  examples = await attackExamples(model, first.batch, first.labels, pgdAttack({ steps: 3 }), EPSILONS);
});

test('epsilon labels: whole 8-bit steps as k/255, the rest as decimals', () => {
  assert.deepEqual([0, 1 / 255, 8 / 255, 0.1, 0.0005].map(epsilonLabel), ['0', '1/255', '8/255', '0.1', '0.0005']);
});

test('curves: every attack and the noise baseline on one chart, each with a filled Wilson band; the clean point has error bars', () => {
  const figure = robustnessCurvesFigure(study);
  const bands = figure.data.filter((t) => t.type === 'scatter' && t.fill === 'toself');
  assert.equal(bands.length, study.attacks.length);
  const lines = figure.data.filter((t) => t.type === 'scatter' && t.mode === 'lines+markers');
  assert.deepEqual(lines.map((t) => t.name), ['fgsm (dodging)', 'bim (dodging)', 'pgd (dodging)', 'noise (baseline)', 'fgsm-impersonate (impersonation)']);
  study.attacks.forEach((attack, a) => {
    const band = bands[a]!;
    assert.equal(band.type, 'scatter');
    if (band.type !== 'scatter') return;
    // Upper bounds left to right, then lower bounds right to left, over the positive epsilons.
    const positive = attack.results.filter((r) => r.epsilon > 0);
    assert.deepEqual(band.y, [...positive.map((r) => r.robustAccuracy.upper), ...positive.map((r) => r.robustAccuracy.lower).reverse()]);
  });
  const clean = figure.data.find((t) => t.name === 'clean (ε = 0)');
  assert.ok(clean && clean.type === 'scatter' && clean.error_y);
  assert.equal(figure.layout.xaxis?.type, 'log');
  assert.ok(figure.layout.title.text.length > 0);
  // A non-monotone attack gets its dashed worst-case curve; a monotone one does not.
  const dashed = figure.data.filter((t) => t.type === 'scatter' && t.line?.dash === 'dash').map((t) => t.name);
  assert.deepEqual(dashed, study.attacks.filter((a) => !a.curve.monotone).map((a) => `${a.name} monotone worst case`));
  assert.equal(robustnessCurvesFigure(study, { logX: false }).layout.xaxis?.type, 'linear');
});

test('per-identity heatmap: people x epsilons, names escaped; confusion: people x people summing to the samples', () => {
  const attack = featuredAttack(study.attacks)!;
  assert.equal(attack.name, 'pgd');
  const identity = perIdentityFigure(attack, NAMES).data[0] as HeatmapTrace;
  assert.equal(identity.z.length, 4);
  for (const row of identity.z) assert.equal(row.length, EPSILONS.length);
  assert.equal(identity.y[2], 'Lucia &lt;b&gt;Ferran');
  assert.deepEqual(identity.x, ['0 (clean)', '1/255', '4/255', '16/255', '0.1']);
  const e = confusionEpsilonIndex(study.epsilons);
  assert.equal(study.epsilons[e], 4 / 255, 'the epsilon closest to 8/255');
  const confusion = confusionFigure(attack.results[e]!, NAMES).data[0] as HeatmapTrace;
  assert.equal(confusion.z.length, 4);
  assert.ok(confusion.z.every((row) => row.length === 4));
  assert.equal(confusion.z.flat().reduce<number>((s, v) => s + (v ?? 0), 0), study.total);
});

test('minimal epsilon: counts per category add up to the samples, for every attack', () => {
  const figure = minimalEpsilonFigure(study);
  assert.equal(figure.data.length, study.attacks.length);
  for (const attack of study.attacks) assert.equal(minimalEpsilonCounts(attack.curve.minimalEpsilon, study.epsilons).reduce((a, b) => a + b, 0), study.total);
  assert.deepEqual((figure.data[0] as { x: string[] }).x, ['wrong when clean', '1/255', '4/255', '16/255', '0.1', 'never broken']);
});

test('examples: the same faces at every epsilon; epsilon 0 is the clean image; perturbations stay within epsilon', () => {
  assert.equal(examples.rows.length, EPSILONS.length);
  assert.equal(examples.clean.length, 5);
  assert.deepEqual(examples.rows[0]!.pixels, examples.clean);
  for (const row of examples.rows) {
    assert.equal(row.pixels.length, 5);
    row.top.forEach((top) => {
      assert.equal(top.length, 3);
      assert.ok(top[0]!.probability >= top[1]!.probability && top[1]!.probability >= top[2]!.probability);
    });
    row.pixels.forEach((p, f) => p.forEach((v, i) => assert.ok(Math.abs(v - examples.clean[f]![i]!) <= row.epsilon + 1e-6)));
  }
});

test('slider: one step per epsilon, each showing exactly one epsilon\'s faces; the grid PNG has one row per epsilon', async () => {
  const sources = await exampleSources(examples);
  const figure = epsilonSliderFigure(examples, sources, NAMES);
  const slider = figure.layout.sliders![0]!;
  assert.equal(slider.steps.length, EPSILONS.length);
  assert.deepEqual(slider.steps.map((s) => s.label), ['0', '1/255', '4/255', '16/255', '0.1']);
  assert.equal(figure.data.length, EPSILONS.length * 5);
  assert.ok(figure.data.every((t) => t.type === 'image' && (t as ImageTrace).source.startsWith('data:image/png;base64,')));
  slider.steps.forEach((step, s) => {
    const visible = (step.args[0] as { visible: boolean[] }).visible;
    assert.deepEqual(visible.map((v, i) => (v ? i : -1)).filter((i) => i >= 0), [0, 1, 2, 3, 4].map((f) => s * 5 + f));
    assert.equal((step.args[1] as { annotations: unknown[] }).annotations.length, 5);
  });
  assert.equal(figure.data.filter((t) => (t as ImageTrace).visible).length, 5, 'initially one epsilon shown');
  const png = await sameFacesGridPng(examples, NAMES);
  const meta = await sharp(png).metadata();
  const geometry = sameFacesGeometry(EPSILONS.length, 5);
  assert.deepEqual([meta.width, meta.height], [geometry.width, geometry.height]);
});

const chromiumPath = (() => {
  try {
    return findChromium();
  } catch {
    return undefined;
  }
})();

test('the slider page, opened from disk offline, draws the faces and a click on the slider shows another epsilon', { skip: chromiumPath ? false : CHROMIUM_HINT, timeout: 180_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fgsm-slider-'));
  const browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const sources = await exampleSources(examples);
    const slider = epsilonSliderFigure(examples, sources, NAMES);
    const path = join(dir, 'slider.html');
    await writeFigureHtml(path, [
      { figure: robustnessCurvesFigure(study), title: 'Curves' },
      { figure: slider, title: 'Slider', height: slider.layout.height },
    ]);
    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      requests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(path).href, { timeout: 120_000 });
    await page.waitForFunction('window.fgsmFigures && window.fgsmFigures.done', undefined, { timeout: 60_000 });
    assert.deepEqual(await page.evaluate('({ drawn: window.fgsmFigures.drawn, errors: window.fgsmFigures.errors })'), { drawn: 2, errors: [] });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
    const chart = page.locator('#fgsm-figure-1');
    const hrefs = () => chart.locator('.imagelayer image').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('href') ?? n.getAttribute('xlink:href')));
    assert.deepEqual(await hrefs(), sources[0], 'epsilon 0: the clean faces');
    assert.equal(await chart.locator('.slider-container').count(), 1);
    // Click the right end of the slider rail: the last epsilon.
    const rail = chart.locator('.slider-rail-touch-rect');
    const box = (await rail.boundingBox())!;
    await page.mouse.click(box.x + box.width - 4, box.y + box.height / 2);
    await page.waitForFunction('document.querySelector("#fgsm-figure-1").layout.sliders[0].active === 4', undefined, { timeout: 10_000 });
    // Plotly marks the step active before it has swapped the image layer (a busy machine shows both
    // sets for a moment): wait for the swap, then compare.
    const last = sources[4]!;
    const swapped = `(() => {
      const expected = ${JSON.stringify(last)};
      const shown = [...document.querySelectorAll('#fgsm-figure-1 .imagelayer image')].map((n) => n.getAttribute('href') ?? n.getAttribute('xlink:href'));
      return shown.length === expected.length && shown.every((href, i) => href === expected[i]);
    })()`;
    await page
      .waitForFunction(swapped, undefined, { timeout: 10_000 })
      .catch(() => undefined); // the assertion below then shows what is drawn instead
    assert.deepEqual(await hrefs(), last, 'the last epsilon\'s faces');
    const captions = await chart.locator('.annotation-text').allTextContents();
    const expected = (slider.layout.sliders![0]!.steps[4]!.args[1] as { annotations: { text: string }[] }).annotations.length;
    assert.ok(captions.length >= expected);
    assert.match(await chart.locator('.gtitle').textContent() ?? '', /ε = 0\.1/);
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
});
