/**
 * The notebook end to end, as `npm run notebook:report` makes it: executed by Jupyter (nbclient)
 * with the fgsm-faces tslab kernel, exported to HTML, and the HTML opened offline in headless
 * Chromium, where every chart must draw. One execution serves all checks (it takes ~40 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/figures/index.js';
import { REPO_ROOT, describeFailures, executeNotebook, exportHtml } from '../../scripts/notebook-jupyter.js';
import { NO_CHROMIUM, NO_JUPYTER, chromiumPath, jupyter } from './requirements.js';
import { chartOutputs, chartTitles, isPng, joined, readNotebook } from './notebook-file.js';
import { PLOTLY_MARKS } from './plotly-marks.js';
import { englishInCharts, figuresIn } from './chart-words.js';

const REPORT = join(REPO_ROOT, 'results', 'Grupo1_FGSM.html');
const SCREENSHOTS = [join(REPO_ROOT, 'results', 'Grupo1_FGSM.png'), join(REPO_ROOT, 'resources', 'notebook_report.png')];
const MIN_CHARTS = 4; // class distribution, training curve, accuracy vs ε, models comparison

test('the notebook runs in Jupyter with the tslab kernel, and its HTML report draws every chart offline', { skip: jupyter ? false : NO_JUPYTER, timeout: 20 * 60_000 }, async (t) => {
  const started = performance.now();
  const { report, output } = executeNotebook({ jupyter, cellTimeout: 900 });
  t.diagnostic(`executed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    // (a) Any failing cell fails the test, with the cell and what tslab wrote to stderr.
    assert.ok(report.ok, `the notebook failed:\n${describeFailures(report)}`);
    const executed = readNotebook(output);
    const codeCells = executed.cells.filter((c) => c.cell_type === 'code');
    assert.ok(codeCells.every((c) => typeof c.execution_count === 'number'), 'every code cell ran and got its execution count');

    const charts = chartOutputs(executed);
    assert.ok(charts.length >= MIN_CHARTS, `expected at least ${MIN_CHARTS} charts, found ${charts.length}: ${chartTitles(executed).join(' | ')}`);
    const errorsInOutputs = executed.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error' || (o.name === 'stderr' && /Error|unexpected/i.test(joined(o.text)))).map((o) => `${c.id}: ${joined(o.text)}`));
    assert.deepEqual(errorsInOutputs, [], 'no cell wrote an error');
    // tslab prints a cell's last value: a show* helper that returned an object would dump it.
    const dumps = executed.cells.filter((c) => (c.outputs ?? []).some((o) => o.name === 'stdout' && /^\s*[{[]|DataFrame \{/.test(joined(o.text)))).map((c) => c.id);
    assert.deepEqual(dumps, [], 'no cell printed a raw object');

    await t.test('each chart output also carries a static PNG (for viewers without JavaScript)', { skip: chromiumPath ? false : NO_CHROMIUM }, () => {
      for (const chart of charts) {
        assert.ok(chart.png && isPng(chart.png), `chart in cell ${chart.cellId} has an image/png fallback`);
      }
    });

    await t.test('the exported HTML draws every chart in headless Chromium with the network blocked', { skip: chromiumPath ? false : NO_CHROMIUM, timeout: 5 * 60_000 }, async () => {
      exportHtml(output, REPORT, jupyter);
      // The executed Spanish notebook, as exported: no chart shows a word of the en catalogue.
      const reportHtml = readFileSync(REPORT, 'utf8');
      assert.ok(figuresIn(reportHtml).length >= MIN_CHARTS, 'the report carries every chart figure');
      assert.deepEqual(await englishInCharts(reportHtml, 'the HTML report'), []);
      const size = statSync(REPORT).size;
      t.diagnostic(`${REPORT}: ${(size / 1e6).toFixed(2)} MB`);
      assert.ok(size < 10e6, `the HTML report is ${(size / 1e6).toFixed(1)} MB; it must stay under 10 MB`);

      const browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: [...CHROMIUM_ARGS] });
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
        const refused: string[] = [];
        // Only files from disk (the page, Debian's local MathJax and require.js) may load.
        await context.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
          refused.push(url);
          return route.abort('blockedbyclient');
        });
        const page = await context.newPage();
        const pageErrors: string[] = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        page.on('console', (message) => message.type() === 'error' && pageErrors.push(`console: ${message.text()}`));
        await page.goto(pathToFileURL(REPORT).href, { waitUntil: 'load', timeout: 120_000 });
        const expected = charts.length;
        // Each chart's script counts itself in window.fgsmNotebookCharts once Plotly has drawn it.
        await page.waitForFunction(`window.fgsmNotebookCharts && window.fgsmNotebookCharts.drawn + window.fgsmNotebookCharts.errors.length >= ${expected}`, undefined, { timeout: 90_000 });
        const state = (await page.evaluate('window.fgsmNotebookCharts')) as { drawn: number; errors: string[] };
        assert.deepEqual(state, { drawn: expected, errors: [] }, 'every chart drew, none failed');
        const divs = page.locator('.fgsm-notebook-chart');
        assert.equal(await divs.count(), expected, 'one chart element per chart output');
        for (let i = 0; i < expected; i++) {
          const chart = divs.nth(i);
          assert.ok((await chart.locator('.main-svg').count()) >= 1, `chart ${i} has Plotly's SVG`);
          assert.ok((await chart.locator(PLOTLY_MARKS).count()) > 0, `chart ${i} has data points, a heatmap or images`);
          // Charts of data have axis titles; a grid of pictures (the epsilon slider) has none to give.
          if ((await chart.locator('.imagelayer .im image').count()) > 0) continue;
          const axisTitles = (await chart.locator('.xtitle, .ytitle').allTextContents()).filter((x) => x.trim() !== '');
          assert.ok(axisTitles.length >= 2, `chart ${i} has x and y axis titles (got ${JSON.stringify(axisTitles)})`);
        }
        const accuracy = divs.filter({ hasText: 'exactitud frente a ε (' });
        assert.equal(await accuracy.count(), 1, 'the accuracy-vs-ε chart is there');
        assert.ok((await accuracy.locator('.xtitle').textContent())?.includes('Épsilon (ε)'), 'the Spanish axis title');
        assert.equal(await accuracy.locator('.ytitle').textContent(), 'Exactitud');
        assert.equal(await accuracy.locator('.updatemenu-button').count(), 2, 'log / linear buttons');
        assert.ok((await accuracy.locator('.xtick').allTextContents()).includes('0 (sin ataque)'), 'log axis: the clean point has its own tick');
        await accuracy.locator('.updatemenu-button').nth(1).click();
        await page.waitForFunction(`[...document.querySelectorAll('.fgsm-notebook-chart .xtitle')].some((t) => t.textContent === 'Épsilon (ε)')`, undefined, { timeout: 10_000 });
        assert.ok((await accuracy.locator('.xtick').allTextContents()).includes('0,2'), 'linear axis after the "ε lineal" button, decimal comma');
        await accuracy.locator('.updatemenu-button').nth(0).click();
        assert.deepEqual(pageErrors, [], 'no page errors');
        assert.deepEqual(refused, [], 'the report asked for nothing over the network');

        // The accuracy cell (code and chart), for the README.
        const cell = page.locator('.jp-Cell, .cell').filter({ has: page.locator('.fgsm-notebook-chart', { hasText: 'exactitud frente a ε (' }) }).last();
        await cell.scrollIntoViewIfNeeded();
        // The pointer away from the chart, so Plotly's hover toolbar is not in the picture.
        await page.mouse.move(0, 0);
        await page.waitForTimeout(500);
        const png = await cell.screenshot({ animations: 'disabled' });
        for (const file of SCREENSHOTS) {
          // Rewritten only when it changed, so a test run leaves the committed copy alone.
          if (existsSync(file) && readFileSync(file).equals(png)) continue;
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, png);
        }
      } finally {
        await browser.close();
      }
    });
  } finally {
    rmSync(dirname(output), { recursive: true, force: true });
  }
});
