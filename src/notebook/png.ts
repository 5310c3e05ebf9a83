/**
 * Static PNGs of charts for the notebook, through the one headless Chromium per kernel that the
 * shared lazy renderer opens on the first chart and reuses (launching and parsing plotly.js cost
 * seconds, a chart ~0.2 s). Without a Chromium the charts stay interactive-only, said once.
 */
import type { PlotlyFigure } from '../figures/plotly-types.js';
import { lazyPngRenderer, type PngSize } from '../figures/png-renderer.js';

export type { PngSize } from '../figures/png-renderer.js';

const renderer = lazyPngRenderer((reason) => console.warn(`Sin imágenes PNG de respaldo para los gráficos (${reason}); los gráficos interactivos funcionan igual.`));
// Closed with the kernel; Playwright also kills its browser if the process dies first.
process.once('beforeExit', () => void renderer.close());

let renderFailureSaid = false;

/** The PNG of a figure, or undefined when no browser can draw it (said once). */
export async function figurePng(figure: PlotlyFigure, size: PngSize): Promise<Buffer | undefined> {
  const open = await renderer.get();
  if (!open) return undefined;
  try {
    return await open.png(figure, size);
  } catch (error) {
    // A chart without its static image is still shown interactively, so this is a warning only.
    if (!renderFailureSaid) console.warn(`No se pudo generar la imagen PNG de un gráfico: ${(error as Error).message}`);
    renderFailureSaid = true;
    return undefined;
  }
}

/** Closes the browser used for PNGs (the next chart opens a new one). */
export async function closePngRenderer(): Promise<void> {
  await renderer.close();
}
