/**
 * Static PNGs of charts for the notebook, through one headless Chromium per kernel (opened on the
 * first chart, reused after: launching and parsing plotly.js cost seconds, a chart ~0.2 s).
 * Without a Chromium the charts stay interactive-only, and the notebook says so once.
 */
import { findChromium, CHROMIUM_HINT } from '../figures/chromium.js';
import type { PlotlyFigure } from '../figures/plotly-types.js';
import { openPngRenderer, type PngRenderer, type PngSize } from '../figures/png-renderer.js';

export type { PngSize } from '../figures/png-renderer.js';

let renderer: Promise<PngRenderer | undefined> | undefined;
let warned = false;

function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(message);
}

async function openRenderer(): Promise<PngRenderer | undefined> {
  let executablePath: string | undefined;
  try {
    executablePath = findChromium();
  } catch (error) {
    warnOnce(`Sin imágenes PNG de respaldo para los gráficos: ${(error as Error).message}`);
    return undefined;
  }
  if (!executablePath) {
    warnOnce(`Sin imágenes PNG de respaldo para los gráficos (${CHROMIUM_HINT}); los gráficos interactivos funcionan igual.`);
    return undefined;
  }
  try {
    const opened = await openPngRenderer({ executablePath });
    // Closed with the kernel; Playwright also kills its browser if the process dies first.
    process.once('beforeExit', () => void opened.close().catch(() => undefined));
    return opened;
  } catch (error) {
    warnOnce(`Sin imágenes PNG de respaldo para los gráficos: ${(error as Error).message}`);
    return undefined;
  }
}

/** The PNG of a figure, or undefined when no browser can draw it (said once). */
export async function figurePng(figure: PlotlyFigure, size: PngSize): Promise<Buffer | undefined> {
  renderer ??= openRenderer();
  const open = await renderer;
  if (!open) return undefined;
  try {
    return await open.png(figure, size);
  } catch (error) {
    warnOnce(`No se pudo generar la imagen PNG de un gráfico: ${(error as Error).message}`);
    return undefined;
  }
}

/** Closes the browser used for PNGs (the next chart opens a new one). */
export async function closePngRenderer(): Promise<void> {
  const open = await renderer;
  renderer = undefined;
  await open?.close();
}
