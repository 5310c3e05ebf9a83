/**
 * Executes notebooks/Grupo1_FGSM.ipynb with the fgsm-faces kernel and then:
 *   --html <file>   writes the HTML report (default results/Grupo1_FGSM.html, or results/<notebook>.html), or
 *   --inplace       saves the outputs into the notebook itself (so GitHub shows results).
 * A failing cell stops the run; its source and stderr (tslab's error text) are printed, and
 * nothing is written. Options: --notebook <path>, --timeout <seconds per cell, default 1800>.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NOTEBOOK, REPORT_HTML, REPO_ROOT, describeFailures, executeNotebook, exportHtml, requireJupyter } from './notebook-jupyter.js';
import { integerAtLeast, scriptCommand } from './script-command.js';

const program = scriptCommand({
  name: 'notebook-execute',
  description: 'Execute the notebook with the fgsm-faces kernel, then write its HTML report or save the outputs into it.',
  examples: ['npm run notebook:report', 'npm run notebook:refresh', 'node --import tsx scripts/notebook-execute.ts --notebook notebooks/Other.ipynb --timeout 600'],
})
  .option('--html <file>', `write the HTML report there (default: ${REPORT_HTML}, or results/<notebook>.html for another notebook; none with --inplace)`)
  .option('--inplace', 'save the outputs into the notebook itself (so GitHub shows results)')
  .option('--notebook <path>', 'notebook to execute', NOTEBOOK)
  .option('--timeout <seconds>', 'time limit per cell, in seconds', integerAtLeast(1), 1800)
  .parse();
const flags = program.opts<{ html?: string; inplace?: boolean; notebook: string; timeout: number }>();

const inplace = flags.inplace === true;
const notebook = flags.notebook;
// Another notebook's report is named after it: results/<notebook>.html.
const defaultHtml = notebook === NOTEBOOK ? REPORT_HTML : join('results', `${basename(notebook, '.ipynb')}.html`);
const html = inplace ? flags.html : (flags.html ?? defaultHtml);
const timeout = flags.timeout;

try {
  const jupyter = requireJupyter();
  const started = performance.now();
  console.log(`Executing ${notebook} with the fgsm-faces kernel...`);
  const { report, output } = executeNotebook({ notebook, cellTimeout: timeout, jupyter });
  if (!report.ok) {
    console.error(describeFailures(report));
    console.error(`Nothing written. The partly executed notebook is in ${output}.`);
    process.exit(1);
  }
  console.log(describeFailures(report));
  if (inplace) {
    copyFileSync(output, resolve(REPO_ROOT, notebook));
    console.log(`Saved the outputs into ${notebook}.`);
  }
  if (html) {
    exportHtml(output, html, jupyter);
    console.log(`Wrote ${html}.`);
  }
  // The executed copy was only a step (kept above, on failure, for inspection).
  rmSync(dirname(output), { recursive: true, force: true });
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
