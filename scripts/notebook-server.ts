/**
 * Opens the notebook in Jupyter (JupyterLab when installed, else the classic Notebook) at the
 * repository root with the fgsm-faces kernel registered. Ctrl-C stops the server and its kernels.
 * Options: --port <n> (default a free one), --no-browser, --app notebook|lab.
 */
import { NOTEBOOK, startNotebookServer } from './notebook-jupyter.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const app = option('--app');
try {
  const server = await startNotebookServer({
    port: option('--port') ? Number(option('--port')) : undefined,
    app: app === 'lab' || app === 'notebook' ? app : undefined,
    openBrowser: !process.argv.includes('--no-browser'),
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
