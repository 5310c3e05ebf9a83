/**
 * The notebook through JupyterLab's own output pipeline. JupyterLab itself cannot be installed here
 * (not in Debian 12, no PyPI), but its front-end packages are on npm: a page bundled from
 * @jupyterlab/rendermime (standard renderers, JupyterLab's sanitizer), @jupyterlab/outputarea
 * (OutputArea widgets attached with Lumino) and @jupyterlab/services renders outputs exactly as a
 * JupyterLab notebook does, in headless Chromium with the network blocked.
 * 1. Saved outputs, untrusted (a user opening the committed notebook): every chart shows an image.
 * 2. Live: a tslab kernel on Debian's Notebook server (same REST/websocket API JupyterLab uses) runs
 *    every code cell, each cell's outputs go to its own trusted OutputArea; every chart must draw.
 * The server, its kernels and the browser are stopped whatever happens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/figures/index.js';
import { KERNEL_NAME, NOTEBOOK, REPO_ROOT, startNotebookServer, type NotebookServer } from '../../scripts/notebook-jupyter.js';
import { NO_CHROMIUM, NO_JUPYTER, NO_TSLAB, chromiumPath, jupyter, tslabInstalled } from './requirements.js';
import { chartOutputs, joined, readNotebook, type Notebook, type NotebookOutput } from './notebook-file.js';
import { PAGE_PATH, bundleLabPage, missingLabPackages, serveLabPage } from './jupyterlab/lab-page.js';
import { PLOTLY_MARKS } from './plotly-marks.js';

const notebookPath = join(REPO_ROOT, NOTEBOOK);
const missingPackages = missingLabPackages();
const SCREENSHOT_LIVE = join(REPO_ROOT, 'results', 'jupyterlab_outputs.png');
const SCREENSHOT_UNTRUSTED = join(REPO_ROOT, 'results', 'jupyterlab_untrusted.png');
/** All cells together; the run stops (and the server with it) when this is used up. */
const RUN_BUDGET_MS = 15 * 60_000;

let bundled: Promise<string> | undefined;
const labScript = (): Promise<string> => (bundled ??= bundleLabPage());

/** What page.mjs reports for one output: JupyterLab's chosen renderer and what it put on screen. */
interface OutputView {
  readonly outputType: string;
  readonly mimeTypes: string[];
  readonly chosen: string | null;
  readonly chart: boolean;
  readonly images: { src: string; complete: boolean; width: number; height: number; alt: string }[];
  readonly scripts: number;
  readonly text: string;
}

interface CellRun {
  readonly status: string;
  readonly ename?: string;
  readonly evalue?: string;
  readonly traceback?: string[];
  readonly executionCount: number | null;
  readonly errors: string[];
  readonly stderr: string;
  readonly outputs: OutputView[];
}

interface PageWatch {
  readonly page: Page;
  readonly pageErrors: string[];
  readonly refused: string[];
}

/** A page with the bundle at `origin`; only `allowed` origins (and data:/blob:) may be reached. */
async function openLabPage(browser: Browser, origin: string, allowed: string[]): Promise<PageWatch & { context: BrowserContext }> {
  // Chromium counts a page answered by the router as public, and blocks its websocket to 127.0.0.1
  // (Local Network Access) unless allowed; JupyterLab's own page comes from the server itself.
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1, permissions: ['local-network-access'] });
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed.some((a) => url.startsWith(a)) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  // Registered last, so it is tried first for the page's own files.
  await serveLabPage(context, origin, await labScript());
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // @jupyterlab/services first offers the v1 kernel websocket subprotocol, which Notebook 6 does
    // not know; Chromium logs the refused handshake, and services reconnects without it (by design).
    if (message.type() === 'error' && !/Sent non-empty 'Sec-WebSocket-Protocol' header but no response/.test(message.text())) pageErrors.push(`console: ${message.text()}`);
  });
  await page.goto(origin + PAGE_PATH, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction('window.fgsmLabReady === true', undefined, { timeout: 30_000 });
  return { context, page, pageErrors, refused };
}

/** The code cell (notebook index) whose chart is the accuracy-vs-ε one: the screenshots show it. */
function accuracyCell(notebook: Notebook): number {
  return notebook.cells.findIndex((cell) => (cell.outputs ?? []).some((o) => joined(o.data?.['text/html']).includes('exactitud frente a ε (')));
}

async function saveScreenshot(page: Page, selector: string, file: string): Promise<void> {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await target.screenshot({ animations: 'disabled' }));
}

/** The promise, or an error after `ms`: a hung page must not outlive the test (finally stops the server). */
async function within<T>(ms: number, message: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), Math.max(ms, 0))))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An output as JupyterLab receives it from the server: nbformat's reader joins the multi-line
 * strings of the file (rejoin_lines), so the front end never sees line arrays.
 */
function asServerSends(output: NotebookOutput): NotebookOutput {
  const data = output.data && Object.fromEntries(Object.entries(output.data).map(([mime, value]) => [mime, /json/.test(mime) ? value : joined(value)]));
  return { ...output, ...(data ? { data } : {}), ...(output.text !== undefined ? { text: joined(output.text) } : {}) };
}

const sourceHead = (source: string, lines = 3): string => source.split('\n').slice(0, lines).join('\n');

test('JupyterLab, saved outputs untrusted (the committed notebook just opened): every chart shows an image', { skip: missingPackages ?? (chromiumPath ? false : NO_CHROMIUM), timeout: 5 * 60_000 }, async (t) => {
  const notebook = readNotebook(notebookPath);
  const cells = notebook.cells
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => cell.cell_type === 'code' && (cell.outputs ?? []).length > 0)
    .map(({ cell, index }) => ({ index, source: sourceHead(joined(cell.source)), outputs: (cell.outputs ?? []).map(asServerSends) }));
  const expected = chartOutputs(notebook).length;
  assert.ok(expected > 0, 'the saved notebook has chart outputs (npm run notebook:refresh)');

  const browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    // Nothing but the page itself: a made-up origin answered entirely by the router.
    const origin = 'http://jupyterlab.invalid';
    const { page, pageErrors, refused } = await openLabPage(browser, origin, []);
    const rendered = (await page.evaluate(([c, p]) => (globalThis as unknown as { fgsmLab: { renderSaved(c: unknown, p: string): Promise<unknown> } }).fgsmLab.renderSaved(c, p), [cells, NOTEBOOK] as const)) as { index: number; areaChildren: number; outputs: OutputView[] }[];

    for (const cell of rendered) {
      assert.equal(cell.areaChildren, cell.outputs.length, `cell ${cell.index}: one OutputArea child per saved output`);
    }
    const charts = rendered.flatMap((cell) => cell.outputs.filter((o) => o.chart).map((o) => ({ cell: cell.index, ...o })));
    assert.equal(charts.length, expected, 'every saved chart output was rendered');
    t.diagnostic(`untrusted chart outputs: ${charts.map((c) => `cell ${c.cell} -> ${c.chosen} (${c.images.length} img)`).join('; ')}`);
    for (const chart of charts) {
      const shown = chart.images.filter((img) => img.complete && img.width > 0 && img.height > 0);
      assert.ok(
        shown.length >= 1,
        `cell ${chart.cell}: an untrusted JupyterLab shows the chart as ${chart.chosen} with no image; the reader sees: "${chart.text}" (bundle: ${chart.mimeTypes.join(', ')}; images: ${JSON.stringify(chart.images)})`,
      );
      assert.equal(chart.scripts, 0, `cell ${chart.cell}: no script survives in untrusted output`);
    }
    assert.deepEqual(pageErrors, [], 'no page errors');
    assert.deepEqual(refused, [], 'the page asked for nothing outside itself');
    await saveScreenshot(page, `.fgsm-cell[data-cell="${accuracyCell(notebook)}"]`, SCREENSHOT_UNTRUSTED);
  } finally {
    await browser.close().catch(() => undefined);
  }
});

test('JupyterLab, live: a tslab kernel runs every cell, outputs render in OutputAreas, every chart draws', { skip: missingPackages ?? (!jupyter ? NO_JUPYTER : !tslabInstalled ? NO_TSLAB : !chromiumPath ? NO_CHROMIUM : false), timeout: 20 * 60_000 }, async (t) => {
  const notebook = readNotebook(notebookPath);
  const before = readFileSync(notebookPath);
  const checkpoints = join(dirname(notebookPath), '.ipynb_checkpoints');
  const hadCheckpoints = existsSync(checkpoints);
  const codeCells = notebook.cells.map((cell, index) => ({ index, source: joined(cell.source), type: cell.cell_type })).filter((c) => c.type === 'code');
  const savedCharts = chartOutputs(notebook).length;

  let server: NotebookServer | undefined;
  let page: Page | undefined;
  const browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    server = await startNotebookServer({ jupyter, app: 'notebook', openBrowser: false, startupSeconds: 120 });
    const origin = server.url;
    t.diagnostic(`Jupyter Notebook server on ${origin}`);
    const watch = await openLabPage(browser, origin, [origin, origin.replace(/^http/, 'ws')]);
    page = watch.page;
    const lab = 'window.fgsmLab';
    const info = (await within(120_000, 'the kernel did not connect', page.evaluate(`${lab}.start(${JSON.stringify({ baseUrl: `${origin}/`, wsUrl: `${origin.replace(/^http/, 'ws')}/`, token: server.token, kernelName: KERNEL_NAME, path: NOTEBOOK })})`))) as { kernel: string; implementation: string };
    assert.equal(info.kernel, KERNEL_NAME);
    assert.equal(info.implementation, 'tslab', 'the kernel is tslab');

    const started = performance.now();
    const runs: { index: number; source: string; run: CellRun }[] = [];
    for (const cell of codeCells) {
      const left = RUN_BUDGET_MS - (performance.now() - started);
      const run = (await within(left, `cell ${cell.index} did not finish within the run's ${RUN_BUDGET_MS / 60_000} min:\n${sourceHead(cell.source)}`, page.evaluate(([i, code]) => (globalThis as unknown as { fgsmLab: { runCell(i: number, c: string): Promise<unknown> } }).fgsmLab.runCell(i, code), [cell.index, cell.source] as const))) as CellRun;
      runs.push({ index: cell.index, source: cell.source, run });
      const failed = run.status !== 'ok' || run.errors.length > 0 || /Error|unexpected error/.test(run.stderr);
      // Like "Run All" in JupyterLab: stop at the first failing cell, and say why.
      assert.ok(
        !failed,
        `cell ${cell.index} failed (status ${run.status}):\n  ${sourceHead(cell.source, 4).replace(/\n/g, '\n  ')}\n` +
          (run.ename ? `  ${run.ename}: ${run.evalue}\n  ${(run.traceback ?? []).join('\n  ')}\n` : '') +
          (run.errors.length ? `  error outputs:\n  ${run.errors.join('\n  ')}\n` : '') +
          `  stderr: ${run.stderr.trim() || '(nothing)'}`,
      );
    }
    t.diagnostic(`${runs.length} code cells ran through OutputArea.execute in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(runs.every((r) => typeof r.run.executionCount === 'number'), 'every cell got an execution count');

    // The charts the run produced, from the outputs themselves; the saved notebook must agree.
    const charts = runs.flatMap((r) => r.run.outputs.filter((o) => o.chart).map((o) => ({ cell: r.index, ...o })));
    const expected = charts.length;
    assert.ok(expected >= 1, 'the run showed charts');
    assert.equal(expected, savedCharts, 'as many charts as the saved notebook has (npm run notebook:refresh)');
    assert.deepEqual(charts.map((c) => c.chosen), charts.map(() => 'text/html'), 'trusted chart outputs render as HTML (scripts run)');

    await page.waitForFunction(`window.fgsmNotebookCharts && window.fgsmNotebookCharts.drawn + window.fgsmNotebookCharts.errors.length >= ${expected}`, undefined, { timeout: 60_000 });
    const state = (await page.evaluate('window.fgsmNotebookCharts')) as { drawn: number; errors: string[] };
    assert.deepEqual(state, { drawn: expected, errors: [] }, 'every chart drew, none failed');
    const divs = page.locator('.fgsm-notebook-chart');
    assert.equal(await divs.count(), expected, 'one chart element per chart output');
    assert.equal(await page.locator('.fgsm-notebook-chart[data-drawn="true"]').count(), expected, 'every chart element is marked drawn');
    for (let i = 0; i < expected; i++) {
      const chart = divs.nth(i);
      assert.ok((await chart.locator('.main-svg').count()) >= 1, `chart ${i} has Plotly's SVG`);
      assert.ok((await chart.locator(PLOTLY_MARKS).count()) > 0, `chart ${i} has Plotly marks (points, heatmap or images)`);
      assert.equal(await chart.locator('img').count(), 0, `chart ${i}: the static image gave way to the interactive chart`);
    }
    assert.deepEqual(watch.pageErrors, [], 'no page errors');
    assert.deepEqual(watch.refused, [], 'the page asked for nothing outside the server');
    await saveScreenshot(page, `.fgsm-cell[data-cell="${accuracyCell(notebook)}"]`, SCREENSHOT_LIVE);
  } finally {
    // The kernel goes with the server anyway; shutting the session first keeps the server's log quiet.
    await within(10_000, 'stop', page?.evaluate('window.fgsmLab && window.fgsmLab.stop()') ?? Promise.resolve()).catch(() => undefined);
    await browser.close().catch(() => undefined);
    await server?.stop();
    if (!hadCheckpoints) rmSync(checkpoints, { recursive: true, force: true });
    if (!readFileSync(notebookPath).equals(before)) {
      writeFileSync(notebookPath, before);
      assert.fail(`${NOTEBOOK} was modified by the run (restored)`);
    }
  }
});
