/** The system parts the notebook tests need, found once, and the reasons to skip without them. */
import { createRequire } from 'node:module';
import { findChromium } from '../../src/figures/index.js';
import { findJupyter } from '../../scripts/notebook-jupyter.js';

export const jupyter = findJupyter();
/** findChromium throws for an FGSM_CHROMIUM that points at nothing: that also means "no Chromium" here. */
export const chromiumPath = (() => {
  try {
    return findChromium();
  } catch {
    return undefined;
  }
})();
export const NO_JUPYTER = 'Jupyter not found (apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel, or set FGSM_JUPYTER)';
export const NO_CHROMIUM = 'Chromium not found (apt-get install chromium, or set FGSM_CHROMIUM)';

/** The kernel runs the project's own tslab (scripts/notebook-kernel-launch.mjs). */
export const tslabInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('tslab/dist/main.js');
    return true;
  } catch {
    return false;
  }
})();
export const NO_TSLAB = 'tslab not installed, so the fgsm-faces kernel cannot start (run npm ci)';
