/**
 * Jupyter plumbing shared by the notebook commands and tests: which Jupyter, the "fgsm-faces"
 * kernel (registering it when missing), executing the notebook with per-cell error reports,
 * exporting HTML, and running a Notebook server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const KERNEL_NAME = 'fgsm-faces';
export const KERNEL_DISPLAY_NAME = 'TypeScript (fgsm-faces)';
/** The notebook the commands and tests use; FGSM_NOTEBOOK points them at another one. */
export const NOTEBOOK = process.env.FGSM_NOTEBOOK ?? 'notebooks/Grupo1_FGSM.ipynb';
export const REPORT_HTML = 'results/Grupo1_FGSM.html';
const LAUNCHER = join(REPO_ROOT, 'scripts', 'notebook-kernel-launch.mjs');

export class JupyterNotFoundError extends Error {
  override readonly name = 'JupyterNotFoundError';
  constructor() {
    super('Jupyter not found. Install it (Debian/Ubuntu: sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel) or set FGSM_JUPYTER to the jupyter command.');
  }
}

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/**
 * $FGSM_JUPYTER (only it, when set), else Debian's /usr/bin/jupyter, else `jupyter` on PATH;
 * undefined if none works. /usr/bin first: a pyenv or conda `jupyter` shim earlier on PATH often
 * has no Jupyter behind it.
 */
export function findJupyter(): string | undefined {
  const candidates = process.env.FGSM_JUPYTER ? [process.env.FGSM_JUPYTER] : ['/usr/bin/jupyter', 'jupyter'];
  return candidates.find((c) => runs(c, ['--version']));
}

export function requireJupyter(): string {
  const jupyter = findJupyter();
  if (!jupyter) throw new JupyterNotFoundError();
  return jupyter;
}

/**
 * The Python that runs Jupyter (for nbclient): $FGSM_JUPYTER_PYTHON, else the interpreter in the
 * jupyter script's #! line, else /usr/bin/python3.
 */
export function jupyterPython(jupyter = requireJupyter()): string {
  if (process.env.FGSM_JUPYTER_PYTHON) return process.env.FGSM_JUPYTER_PYTHON;
  const which = spawnSync('sh', ['-c', `command -v "${jupyter}"`], { encoding: 'utf8' }).stdout.trim();
  const firstLine = which && existsSync(which) ? readFileSync(which, 'utf8').split('\n', 1)[0]! : '';
  const interpreter = /^#!\s*(\S+python\S*)\s*$/.exec(firstLine)?.[1];
  return interpreter && existsSync(interpreter) ? interpreter : '/usr/bin/python3';
}

export function kernelJson(): Record<string, unknown> {
  return {
    // The absolute node path: Jupyter servers are often started with a PATH without nvm's node.
    argv: [process.execPath, LAUNCHER, '{connection_file}'],
    display_name: KERNEL_DISPLAY_NAME,
    language: 'typescript',
    interrupt_mode: 'signal',
    metadata: { 'fgsm-faces': { repoRoot: REPO_ROOT } },
  };
}

/** The installed kernel.json of "fgsm-faces", or undefined when not registered. */
export function installedKernel(jupyter = requireJupyter()): { argv?: string[] } | undefined {
  const listing = spawnSync(jupyter, ['kernelspec', 'list', '--json'], { encoding: 'utf8' });
  if (listing.status !== 0) return undefined;
  const specs = (JSON.parse(listing.stdout) as { kernelspecs: Record<string, { spec: { argv?: string[] } }> }).kernelspecs;
  return specs[KERNEL_NAME]?.spec;
}

/** Registers (or re-registers) the kernel for this user; idempotent. */
export function installKernel(jupyter = requireJupyter()): void {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-faces-kernel-'));
  try {
    const specDir = join(dir, KERNEL_NAME);
    mkdirSync(specDir);
    writeFileSync(join(specDir, 'kernel.json'), JSON.stringify(kernelJson(), null, 2) + '\n');
    const result = spawnSync(jupyter, ['kernelspec', 'install', '--user', '--replace', '--name', KERNEL_NAME, specDir], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`jupyter kernelspec install failed: ${result.stderr.trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Registers the kernel unless it is already registered for THIS checkout and node. */
export function ensureKernel(jupyter = requireJupyter()): 'installed' | 'present' {
  const spec = installedKernel(jupyter);
  const wanted = kernelJson().argv as string[];
  if (spec?.argv && spec.argv[0] === wanted[0] && spec.argv[1] === wanted[1]) return 'present';
  installKernel(jupyter);
  return 'installed';
}

export interface CellFailure {
  readonly index: number;
  readonly id: string | undefined;
  readonly source: string;
  /** What the cell wrote to stderr: tslab reports compile and run-time errors there. */
  readonly stderr: string;
  readonly status: string;
}

export interface ExecutionReport {
  readonly ok: boolean;
  readonly failures: readonly CellFailure[];
  readonly cells: number;
  readonly seconds: number;
  /** Set when the kernel could not start or nbclient itself failed. */
  readonly error?: string;
}

/**
 * nbclient with a hook on every executed cell: nbconvert says only "<Error>:" for a tslab cell
 * that fails, while the execute_reply status and the cell's stderr tell what happened. tslab also
 * sends no execute_input, so the execution counts are copied from the replies.
 */
const EXECUTE_PY = String.raw`
import json, sys, time, traceback
import nbformat
from nbclient import NotebookClient
source, target, kernel, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
nb = nbformat.read(source, as_version=4)
failures = []
def executed(cell, cell_index, execute_reply):
    content = execute_reply.get('content', {})
    if content.get('execution_count') is not None:
        cell['execution_count'] = content['execution_count']
    if content.get('status') != 'ok':
        stderr = ''.join(o.get('text', '') for o in cell.get('outputs', []) if o.get('output_type') == 'stream' and o.get('name') == 'stderr')
        errors = ''.join('%s: %s\n' % (o.get('ename'), o.get('evalue')) for o in cell.get('outputs', []) if o.get('output_type') == 'error')
        failures.append({'index': cell_index, 'id': cell.get('id'), 'source': cell.get('source', ''), 'stderr': stderr + errors, 'status': content.get('status', '?')})
client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, startup_timeout=120, allow_errors=False, record_timing=False, resources={'metadata': {'path': '.'}}, on_cell_executed=executed)
started = time.time()
error = None
try:
    client.execute()
except Exception as e:
    if not failures:
        error = ''.join(traceback.format_exception_only(type(e), e)).strip()
nbformat.write(nb, target)
print('FGSM_EXECUTION_REPORT ' + json.dumps({'ok': not failures and error is None, 'failures': failures, 'cells': len(nb.cells), 'seconds': time.time() - started, 'error': error}))
`;

export interface ExecuteOptions {
  readonly notebook?: string;
  /** Where the executed notebook is written (default: a temporary file, returned). */
  readonly output?: string;
  /** Per-cell timeout in seconds (default 1800: the real dataset at 224 px is slow). */
  readonly cellTimeout?: number;
  readonly jupyter?: string;
  /** Extra environment for the kernel (e.g. FGSM_BACKEND). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Executes the notebook with the fgsm-faces kernel; never throws for a failing cell (see report). */
export function executeNotebook(options: ExecuteOptions = {}): { report: ExecutionReport; output: string } {
  const jupyter = options.jupyter ?? requireJupyter();
  ensureKernel(jupyter);
  const notebook = resolve(REPO_ROOT, options.notebook ?? NOTEBOOK);
  const output = options.output ? resolve(options.output) : join(mkdtempSync(join(tmpdir(), 'fgsm-faces-nb-')), 'executed.ipynb');
  const result = spawnSync(jupyterPython(jupyter), ['-c', EXECUTE_PY, notebook, output, KERNEL_NAME, String(options.cellTimeout ?? 1800)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...options.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('FGSM_EXECUTION_REPORT '));
  if (!line) {
    const why = result.error?.message ?? result.stderr.trim().split('\n').slice(-5).join('\n');
    return { report: { ok: false, failures: [], cells: 0, seconds: 0, error: `nbclient did not run: ${why}` }, output };
  }
  return { report: JSON.parse(line.slice('FGSM_EXECUTION_REPORT '.length)) as ExecutionReport, output };
}

/** A readable account of failed cells: which cell, its first lines, and what it wrote to stderr. */
export function describeFailures(report: ExecutionReport): string {
  if (report.ok) return `all ${report.cells} cells ran in ${report.seconds.toFixed(1)} s`;
  const parts = report.failures.map((f) => {
    const source = f.source.split('\n').slice(0, 4).join('\n    ');
    return `cell ${f.index}${f.id ? ` (${f.id})` : ''} failed (${f.status}):\n    ${source}\n  stderr:\n${f.stderr.trim().replace(/^/gm, '    ') || '    (nothing)'}`;
  });
  if (report.error) parts.push(`execution stopped: ${report.error}`);
  return parts.join('\n\n');
}

/** Converts an executed notebook to HTML (no re-execution). */
export function exportHtml(executed: string, html: string, jupyter = requireJupyter()): void {
  const target = resolve(REPO_ROOT, html);
  mkdirSync(dirname(target), { recursive: true });
  const name = target.replace(/\.html$/, '').split('/').pop()!;
  const result = spawnSync(jupyter, ['nbconvert', '--to', 'html', '--output-dir', dirname(target), '--output', name, executed], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`jupyter nbconvert --to html failed: ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface NotebookServer {
  readonly app: 'notebook' | 'lab';
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Everything the server printed, for error messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  readonly jupyter?: string;
  readonly port?: number;
  readonly token?: string;
  /** Classic Notebook or JupyterLab; default: lab when installed, else notebook. */
  readonly app?: 'notebook' | 'lab';
  readonly openBrowser?: boolean;
  /** With openBrowser: the file the browser opens (relative to the repository root). */
  readonly openPath?: string;
  /** Seconds to wait for the server to answer (default 60). */
  readonly startupSeconds?: number;
}

export function jupyterLabInstalled(jupyter = requireJupyter()): boolean {
  return runs(jupyter, ['lab', '--version']);
}

/**
 * Starts a Jupyter server at the repository root on 127.0.0.1 and waits until it answers. The
 * iopub data limit is lifted because the cell that embeds plotly.js sends ~5 MB at once.
 */
export async function startNotebookServer(options: ServerOptions = {}): Promise<NotebookServer> {
  const jupyter = options.jupyter ?? requireJupyter();
  ensureKernel(jupyter);
  const app = options.app ?? (jupyterLabInstalled(jupyter) ? 'lab' : 'notebook');
  const port = options.port ?? (await freePort());
  const token = options.token ?? Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  const configPrefix = app === 'lab' ? 'ServerApp' : 'NotebookApp';
  const args = [
    app,
    '--ip=127.0.0.1',
    `--port=${port}`,
    '--port-retries=0',
    `--${configPrefix}.token=${token}`,
    `--${configPrefix}.notebook_dir=${REPO_ROOT}`,
    `--${configPrefix}.iopub_data_rate_limit=1e12`,
    `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
  ];
  // Containers and CI often run as root, which Jupyter refuses without this flag.
  if (process.getuid?.() === 0) args.push('--allow-root');
  if (!options.openBrowser) args.push('--no-browser');
  else if (options.openPath) args.push(options.openPath);
  const child = spawn(jupyter, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // The whole process group: the server and the kernels it started.
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.startupSeconds ?? 60) * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jupyter ${app} exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/api/status?token=${token}`);
      if (response.ok) return { app, url, token, port, process: child, log: () => output, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`jupyter ${app} did not answer on ${url} within ${options.startupSeconds ?? 60} s:\n${output}`);
}
