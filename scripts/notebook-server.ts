/**
 * Opens the notebook in Jupyter (JupyterLab when installed, else the classic Notebook) at the
 * repository root with the fgsm-faces kernel registered. Ctrl-C stops the server and its kernels.
 * Options: --port <n> (default a free one), --no-browser, --app notebook|lab.
 */
import { Option } from 'commander';
import { NOTEBOOK, startNotebookServer } from './notebook-jupyter.js';
import { integerAtLeast, scriptCommand } from './script-command.js';

const program = scriptCommand({
  name: 'notebook-server',
  description: `Open ${NOTEBOOK} in Jupyter with the fgsm-faces kernel registered; Ctrl-C stops it.`,
  examples: ['npm run notebook', 'npm run notebook -- --port 8888 --no-browser --app lab'],
})
  .option('--port <n>', 'port to listen on (default: a free one)', integerAtLeast(1))
  .option('--no-browser', 'do not open a browser (print the URL only)')
  .addOption(new Option('--app <name>', 'JupyterLab or the classic Notebook (default: lab when installed, else notebook)').choices(['notebook', 'lab']))
  .parse();
const flags = program.opts<{ port?: number; browser: boolean; app?: 'notebook' | 'lab' }>();

try {
  const server = await startNotebookServer({
    port: flags.port,
    app: flags.app,
    openBrowser: flags.browser,
    openPath: NOTEBOOK,
    startupSeconds: 120,
  });
  const path = server.app === 'lab' ? `lab/tree/${NOTEBOOK}` : `notebooks/${NOTEBOOK}`;
  console.log(`Jupyter is running: ${server.url}/${path}?token=${server.token}`);
  console.log('Press Ctrl-C to stop it.');
  server.process.stdout?.pipe(process.stdout);
  server.process.stderr?.pipe(process.stderr);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
