/** The system parts the notebook tests need, found once, and the reasons to skip without them. */
import { findChromium } from '../../src/figures/chromium.js';
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
