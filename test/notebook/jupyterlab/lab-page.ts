/**
 * JupyterLab's output pipeline in a browser page: page.mjs bundled by esbuild into a temporary
 * folder, and served by Playwright's router at a path of a given origin (the notebook server's, so
 * the page talks to its REST and websocket API same-origin, as JupyterLab's own page does).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
export const PAGE_PATH = '/fgsm-jupyterlab/index.html';

/** Undefined when the npm packages the page needs are installed, else why not (a skip reason). */
export function missingLabPackages(): string | undefined {
  const require = createRequire(import.meta.url);
  const missing = ['esbuild', '@jupyterlab/outputarea', '@jupyterlab/rendermime', '@jupyterlab/services', '@lumino/widgets'].filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  return missing.length ? `npm packages missing: ${missing.join(', ')} (run npm ci)` : undefined;
}

/** Bundles page.mjs for the browser; the temporary folder is removed before returning. */
export async function bundleLabPage(): Promise<string> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-jupyterlab-'));
  try {
    const outfile = join(dir, 'page.js');
    await build({
      entryPoints: [join(HERE, 'page.mjs')],
      outfile,
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'chrome110',
      logLevel: 'silent',
      // The output packages import their CSS and icons; the checks need neither.
      loader: { '.css': 'empty', '.svg': 'text' },
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    return readFileSync(outfile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare page, styled a little like JupyterLab's output area so screenshots are readable. */
const INDEX_HTML = `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>JupyterLab output pipeline</title>
<style>
  body { font-family: sans-serif; margin: 16px; max-width: 1100px; }
  .fgsm-cell { border-top: 1px solid #ddd; padding: 8px 0; }
  .fgsm-cell-source { background: #f5f5f5; margin: 0 0 6px; padding: 6px; max-height: 6em; overflow: hidden; font-size: 12px; }
  .jp-OutputArea-child { display: flex; }
  .jp-OutputArea-prompt { flex: 0 0 64px; }
  .jp-OutputArea-output { flex: 1 1 auto; overflow-x: auto; }
  .jp-RenderedImage img, .jp-RenderedHTMLCommon img { max-width: 100%; height: auto; }
  .jp-RenderedText pre { margin: 0; white-space: pre-wrap; }
</style></head>
<body><div id="cells"></div><script src="page.js"></script></body></html>`;

/** Serves the page at `origin` + PAGE_PATH in this browser context; other URLs are left alone. */
export async function serveLabPage(context: BrowserContext, origin: string, script: string): Promise<void> {
  const base = origin + dirname(PAGE_PATH) + '/';
  await context.route(`${base}**`, (route) => {
    const url = route.request().url().split('?')[0]!;
    if (url === base + 'index.html') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: INDEX_HTML });
    if (url === base + 'page.js') return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: script });
    return route.fulfill({ status: 404, body: 'not found' });
  });
}
