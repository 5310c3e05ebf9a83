import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  CHROMIUM_HINT,
  accuracyFigure,
  classDistributionFigure,
  findChromium,
  modelsComparisonFigure,
  trainingCurveFigure,
  writeFigureHtml,
} from '../../src/figures/index.js';
import { sweepResults, trainingHistory } from './fixtures.js';

const chromiumPath = findChromium();

test('the HTML page, opened from disk with the network blocked, draws every chart without errors', { skip: chromiumPath ? false : CHROMIUM_HINT, timeout: 180_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fgsm-html-'));
  const browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const models = [sweepResults('resnet18', [36, 34, 25, 6, 1]), sweepResults('resnet101', [38, 37, 30, 12, 4]), sweepResults('custom_resnet', [33, 30, 18, 2, 0])];
    const path = join(dir, 'figures.html');
    await writeFigureHtml(path, [
      { figure: accuracyFigure(models[0]!), title: 'Accuracy' },
      { figure: modelsComparisonFigure(models, { logX: true }), title: 'Models' },
      { figure: trainingCurveFigure(trainingHistory()), title: 'Training' },
      { figure: classDistributionFigure([{ name: 'Amara Okafor', count: 12 }, { name: 'Kenji Morita', count: 9 }, { name: 'Lucia Ferran', count: 11 }]), title: 'Classes' },
    ]);
    const context = await browser.newContext();
    const requests: string[] = [];
    // Everything but the page file itself is refused, and recorded so the test can show it.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('request', (request) => !request.url().startsWith('file:') && requests.push(request.url()));
    await page.goto(pathToFileURL(path).href, { timeout: 120_000 });
    await page.waitForFunction('window.fgsmFigures && window.fgsmFigures.done', undefined, { timeout: 60_000 });
    const state = (await page.evaluate('({ drawn: window.fgsmFigures.drawn, errors: window.fgsmFigures.errors })')) as { drawn: number; errors: string[] };
    assert.deepEqual(state, { drawn: 4, errors: [] });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [], 'the page asked for nothing over the network');

    const charts = page.locator('.fgsm-figure');
    assert.equal(await charts.count(), 4);
    // Scatter traces: 1 line; 3 models x (line + clean marker); 4 curves + best-epoch star; none.
    const expectedScatter = [1, 6, 5, 0];
    const expectedBars = [0, 0, 0, 1];
    for (let i = 0; i < 4; i++) {
      const chart = charts.nth(i);
      assert.ok((await chart.locator('.main-svg').count()) >= 1, `chart ${i} has its SVG`);
      assert.equal(await chart.locator('.scatterlayer .trace').count(), expectedScatter[i], `scatter traces of chart ${i}`);
      assert.equal(await chart.locator('.barlayer .trace').count(), expectedBars[i], `bar traces of chart ${i}`);
      assert.ok((await chart.locator('.scatterlayer .point, .barlayer .point').count()) > 0, `chart ${i} has points`);
    }
    const subplotTitles = await charts.nth(1).locator('.annotation-text').allTextContents();
    assert.deepEqual(subplotTitles, ['resnet18', 'resnet101', 'custom_resnet']);
    assert.match((await charts.nth(1).locator('.xtick').allTextContents()).join(' '), /0 \(clean\)/);
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
});
