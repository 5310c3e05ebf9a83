/**
 * Figures to PNG through a headless Chromium driven by playwright-core. One renderer keeps one
 * browser and one page with plotly.js already loaded: launching takes ~1 s and parsing the 11 MB
 * bundle a few more, while each further figure is only a newPlot and a screenshot.
 * The page is offline: every request is aborted and the context is set offline, so nothing is
 * ever downloaded, and a figure that would need the network fails visibly instead.
 * lazyPngRenderer is the lifecycle the study, the robustness run and the notebook share.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_HINT, ChromiumNotFoundError, findChromium } from './chromium.js';
import { figureHtml } from './figure-html.js';
import type { PlotlyFigure } from './plotly-types.js';
import { writeFileAtomically } from '../core/atomic-write.js';

export interface PngSize {
  readonly width: number;
  readonly height: number;
}

export interface PngRendererOptions {
  /** Browser binary; default findChromium(). */
  readonly executablePath?: string;
  /** Per launch / page load / figure, in ms (default 60 s: the machine may be busy). */
  readonly timeoutMs?: number;
}

export interface PngRenderer {
  readonly executablePath: string;
  /** PNG bytes of the figure at exactly size.width x size.height pixels. */
  png(figure: PlotlyFigure, size?: PngSize): Promise<Buffer>;
  /** Renders and writes the PNG atomically (temporary file + rename). */
  render(figure: PlotlyFigure, pngPath: string, size?: PngSize): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_PNG_SIZE: PngSize = { width: 900, height: 520 };
const MAX_SIDE = 8000;

function checkSize(size: PngSize): void {
  for (const [name, value] of [['width', size.width], ['height', size.height]] as const) {
    if (!Number.isInteger(value) || value < 10 || value > MAX_SIDE) {
      throw new RangeError(`PNG ${name} must be a whole number of pixels from 10 to ${MAX_SIDE}, got ${value}.`);
    }
  }
}

/** Errors the page reported (uncaught exceptions, console errors), collected per figure. */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

async function preparePage(browser: Browser, timeoutMs: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ deviceScaleFactor: 1, offline: true, serviceWorkers: 'block' });
  await context.route('**/*', (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  const errors = watchPageErrors(page);
  await page.setContent(figureHtml([], { title: 'fgsm-faces PNG renderer' }), { waitUntil: 'load', timeout: timeoutMs });
  const ready = await page.evaluate('typeof window.fgsmRender === "function" && typeof Plotly === "object"');
  if (ready !== true) throw new Error(`The figure page did not load plotly.js${errors.length ? `: ${errors.join('; ')}` : ''}.`);
  return { page, errors };
}

/** Opens a headless Chromium ready to render figures; throws ChromiumNotFoundError if there is none. */
export async function openPngRenderer(options: PngRendererOptions = {}): Promise<PngRenderer> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath) throw new ChromiumNotFoundError();
  const timeoutMs = options.timeoutMs ?? 60_000;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: timeoutMs });
  } catch (error) {
    throw new Error(`Cannot start ${executablePath}: ${(error as Error).message.split('\n')[0]}. Fix: check that it runs (\`${executablePath} --version\`) or set FGSM_CHROMIUM to another Chromium.`);
  }
  let page: Page;
  let errors: string[];
  try {
    ({ page, errors } = await preparePage(browser, timeoutMs));
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
  // One page draws one figure at a time; renders asked for concurrently wait their turn.
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  const png = (figure: PlotlyFigure, size: PngSize = DEFAULT_PNG_SIZE): Promise<Buffer> =>
    serialised(async () => {
      checkSize(size);
      errors.length = 0;
      await page.setViewportSize({ width: size.width, height: size.height });
      const svgCount = await page.evaluate(
        // An arrow with no inner named functions: transpilers leave it as is, so it runs in the page unchanged.
        (args) => (globalThis as unknown as { fgsmRender(f: unknown, w: number, h: number): Promise<number> }).fgsmRender(args.figure, args.width, args.height),
        { figure, width: size.width, height: size.height },
      );
      if (errors.length > 0) throw new Error(`Drawing the figure "${figure.layout.title.text}" raised page errors: ${errors.join('; ')}`);
      if (!(svgCount > 0)) throw new Error(`Plotly drew nothing for the figure "${figure.layout.title.text}".`);
      return page.locator('#fgsm-render').screenshot({ type: 'png', animations: 'disabled' });
    });

  return {
    executablePath,
    png,
    async render(figure, pngPath, size = DEFAULT_PNG_SIZE) {
      let bytes: Buffer;
      try {
        bytes = await png(figure, size);
      } catch (error) {
        throw new Error(`Cannot render ${pngPath}: ${(error as Error).message}`);
      }
      await writeFileAtomically(pngPath, bytes, { makeFolder: true });
    },
    async close() {
      await browser.close();
    },
  };
}

/** One figure to one PNG file: opens a browser, renders, closes. For several, use openPngRenderer. */
export async function renderFigurePng(figure: PlotlyFigure, pngPath: string, size: PngSize = DEFAULT_PNG_SIZE, options: PngRendererOptions = {}): Promise<void> {
  const renderer = await openPngRenderer(options);
  try {
    await renderer.render(figure, pngPath, size);
  } finally {
    await renderer.close();
  }
}

export interface LazyPngRenderer {
  /** The renderer, launched on the first call and reused after; undefined when no browser can be started. */
  get(): Promise<PngRenderer | undefined>;
  /** Closes the browser if one was started (one that will not close is not an error); a later get() launches anew. */
  close(): Promise<void>;
}

/**
 * One browser per run or notebook kernel, launched on first use, so runs that make no PNG never
 * pay for it. Without a usable Chromium, `unavailable` hears why once (CHROMIUM_HINT, or the
 * launch error's first line, no final period) and get() answers undefined: PNGs are optional.
 */
export function lazyPngRenderer(unavailable: (reason: string) => void, options: PngRendererOptions = {}): LazyPngRenderer {
  let renderer: Promise<PngRenderer | undefined> | undefined;
  let said = false;
  const skip = (reason: string): undefined => {
    if (!said) unavailable(reason);
    said = true;
    return undefined;
  };
  const launch = async (): Promise<PngRenderer | undefined> => {
    try {
      const executablePath = options.executablePath ?? findChromium();
      if (!executablePath) return skip(CHROMIUM_HINT);
      return await openPngRenderer({ ...options, executablePath });
    } catch (error) {
      return skip((error as Error).message.split('\n')[0]!.replace(/\.$/, ''));
    }
  };
  return {
    get: () => (renderer ??= launch()),
    async close() {
      const open = await renderer;
      renderer = undefined;
      await open?.close().catch(() => undefined);
    },
  };
}
