/**
 * The notebook live, as a reader runs it: Debian's Jupyter Notebook server on 127.0.0.1 (random
 * free port, a token, no browser, notebook dir = repository root), the notebook opened in headless
 * Chromium, all outputs cleared and every cell run through the menus. Every chart must draw in the
 * live page and no cell may fail. The server (and its kernels) is stopped whatever happens, and the
 * notebook file must be left exactly as it was (autosave is switched off in the page).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/figures/index.js';
import { NOTEBOOK, REPO_ROOT, startNotebookServer, type NotebookServer } from '../../scripts/notebook-jupyter.js';
import { NO_CHROMIUM, NO_JUPYTER, chromiumPath, jupyter } from './requirements.js';

const skip = !jupyter ? NO_JUPYTER : !chromiumPath ? NO_CHROMIUM : false;

interface CellState {
  readonly index: number;
  readonly prompt: number | string | null;
  readonly source: string;
  readonly stderr: string;
}

/** Code cells as the classic Notebook front end sees them (prompt: number, '*' while queued/running). */
async function codeCells(page: Page): Promise<CellState[]> {
  return (await page.evaluate(`Jupyter.notebook.get_cells().map((c, index) => ({ index, type: c.cell_type, prompt: c.input_prompt_number === undefined ? null : c.input_prompt_number,
    source: c.get_text().slice(0, 300),
    stderr: (c.output_area ? c.output_area.outputs : []).filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => o.text).join('') }))
    .filter((c) => c.type === 'code')`)) as CellState[];
}

async function clickMenu(page: Page, menu: string, ...items: string[]): Promise<void> {
  await page.click(menu);
  for (const item of items) await page.click(item);
}

test('the notebook runs through the Jupyter Notebook UI and draws every chart live', { skip, timeout: 20 * 60_000 }, async (t) => {
  const notebookPath = join(REPO_ROOT, NOTEBOOK);
  const before = readFileSync(notebookPath);
  // The server makes a checkpoints folder next to a notebook it opens; removed again if new.
  const checkpoints = join(dirname(notebookPath), '.ipynb_checkpoints');
  const hadCheckpoints = existsSync(checkpoints);
  let server: NotebookServer | undefined;
  const browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    server = await startNotebookServer({ jupyter, app: 'notebook', openBrowser: false, startupSeconds: 120 });
    t.diagnostic(`Jupyter Notebook on ${server.url}`);
    const origin = server.url;
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const refused: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      refused.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/notebooks/${NOTEBOOK}?token=${server.token}`, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction('window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()', undefined, { timeout: 120_000 });
    assert.equal(await page.evaluate('Jupyter.notebook.kernel.name'), 'fgsm-faces', 'the notebook started its own kernel');
    // Never write the notebook: this test must leave the committed file untouched.
    await page.evaluate('Jupyter.notebook.set_autosave_interval(0)');

    const started = performance.now();
    await clickMenu(page, '#celllink', '#all_outputs', '#clear_all_output');
    // Counts cells sent to the kernel and cells whose outputs are complete (failed or aborted too).
    await page.evaluate(`window.fgsmRun = { sent: 0, finished: 0 };
      Jupyter.notebook.events.on('execute.CodeCell', () => window.fgsmRun.sent++);
      Jupyter.notebook.events.on('finished_execute.CodeCell', () => window.fgsmRun.finished++);`);
    await clickMenu(page, '#celllink', '#run_all_cells');
    await page.waitForFunction(
      `window.fgsmRun.sent > 0 && window.fgsmRun.finished >= window.fgsmRun.sent &&
       !Jupyter.notebook.get_cells().some((c) => c.cell_type === 'code' && c.input_prompt_number === '*')`,
      undefined,
      { timeout: 15 * 60_000, polling: 500 },
    );
    t.diagnostic(`all cells ran in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const cells = await codeCells(page);
    const notRun = cells.filter((c) => typeof c.prompt !== 'number');
    const failed = cells.filter((c) => /Error|unexpected error/.test(c.stderr));
    const report = [...failed, ...notRun.slice(0, 1)].map((c) => `cell ${c.index} (prompt ${String(c.prompt)}):\n  ${c.source.split('\n').slice(0, 3).join('\n  ')}\n  stderr: ${c.stderr.trim() || '(nothing)'}`).join('\n');
    assert.deepEqual(failed.map((c) => c.index), [], `cells failed:\n${report}`);
    assert.deepEqual(notRun.map((c) => c.index), [], `cells did not run (stopped after an error?):\n${report}`);

    const charts = page.locator('.fgsm-notebook-chart');
    const count = await charts.count();
    assert.ok(count >= 4, `at least 4 charts in the live page, found ${count}`);
    await page.waitForFunction(`window.fgsmNotebookCharts && window.fgsmNotebookCharts.drawn + window.fgsmNotebookCharts.errors.length >= ${count}`, undefined, { timeout: 60_000 });
    const state = (await page.evaluate('window.fgsmNotebookCharts')) as { drawn: number; errors: string[] };
    assert.deepEqual(state, { drawn: count, errors: [] }, 'every chart drew in the live page');
    for (let i = 0; i < count; i++) {
      assert.ok((await charts.nth(i).locator('.main-svg').count()) >= 1, `live chart ${i} has Plotly's SVG`);
    }
    assert.deepEqual(pageErrors, [], 'no page errors');
    assert.deepEqual(refused.filter((u) => !u.includes('mathjax')), [], 'the live notebook asked for nothing outside the server');
  } finally {
    await browser.close().catch(() => undefined);
    await server?.stop();
    if (!hadCheckpoints) rmSync(checkpoints, { recursive: true, force: true });
    if (!readFileSync(notebookPath).equals(before)) {
      writeFileSync(notebookPath, before);
      assert.fail(`${NOTEBOOK} was modified by the live run (restored)`);
    }
  }
});
