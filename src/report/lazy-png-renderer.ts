/**
 * One headless-Chromium PNG renderer per run, started on first use (most runs that skip PNGs never
 * pay for a browser), or undefined — said once — when PNGs cannot be made; the HTML figures do not
 * depend on it.
 */
import { CHROMIUM_HINT, findChromium } from '../figures/chromium.js';
import { openPngRenderer, type PngRenderer } from '../figures/png-renderer.js';

export interface LazyPngRenderer {
  get(): Promise<PngRenderer | undefined>;
  /** Closes the browser if one was started; a browser that will not close is not an error. */
  close(): Promise<void>;
}

export function lazyPngRenderer(warn: (message: string) => void): LazyPngRenderer {
  let renderer: Promise<PngRenderer | undefined> | undefined;
  return {
    get() {
      renderer ??= (async () => {
        try {
          if (!findChromium()) {
            warn(`PNG figures skipped: ${CHROMIUM_HINT}. The HTML figures are complete.`);
            return undefined;
          }
          return await openPngRenderer();
        } catch (error) {
          warn(`PNG figures skipped: ${(error as Error).message.split('\n')[0]} The HTML figures are complete.`);
          return undefined;
        }
      })();
      return renderer;
    },
    async close() {
      const open = await renderer;
      await open?.close().catch(() => undefined);
    },
  };
}
