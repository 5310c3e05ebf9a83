/**
 * Finding a Chromium to draw figures with. Playwright's own browser downloads are not used (the
 * project installs offline); a system Chromium or Chrome is enough, and FGSM_CHROMIUM names one.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** What to tell the user, once, when PNGs cannot be made. */
export const CHROMIUM_HINT = 'Chromium not found (apt-get install chromium or set FGSM_CHROMIUM)';

/** Checked in order after FGSM_CHROMIUM. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** No usable browser: the caller can catch this one type and print CHROMIUM_HINT once. */
export class ChromiumNotFoundError extends Error {
  override readonly name = 'ChromiumNotFoundError';
  constructor(message = `${CHROMIUM_HINT}; PNG figures need it. The HTML figures work without it.`) {
    super(message);
  }
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium to use, or undefined if none is installed. A FGSM_CHROMIUM that points nowhere is
 * an error rather than a silent fallback, so a typo in it does not go unnoticed.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.FGSM_CHROMIUM;
  if (chosen) {
    if (isExecutableFile(chosen)) return chosen;
    throw new ChromiumNotFoundError(`FGSM_CHROMIUM=${chosen} is not an executable file. Fix: point it at a Chromium or Chrome binary (e.g. /usr/bin/chromium), or unset it.`);
  }
  return CHROMIUM_CANDIDATES.find(isExecutableFile);
}

/**
 * Headless and quiet: no sandbox (containers and root lack the namespaces it needs), no GPU, and
 * none of the background services that would try to reach the network.
 */
export const CHROMIUM_ARGS: readonly string[] = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
