/**
 * Picks the tfjs backend once per process and says which, once.
 *
 * Order for 'auto': native TensorFlow (@tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node) when
 * really present and working, else wasm, else cpu. FGSM_BACKEND (or the `prefer` option) forces one.
 *
 * "Really present": in this project `@tensorflow/tfjs-node` may resolve to an npm alias of plain
 * `@tensorflow/tfjs` (danfojs-node depends on it and package.json overrides it), so a successful
 * import proves nothing. What decides is that, after the import, a 'tensorflow' backend exists
 * for OUR copy of tfjs-core and can be set. Before importing, the package.json name is checked so
 * that a known alias is not even loaded: loading @tensorflow/tfjs registers every stock gradient
 * (and loads layers, converter, data), a side effect that would make `tf.grad` of stock ops work
 * or fail depending on the backend preference.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as wasmBackend from '@tensorflow/tfjs-backend-wasm';
import { resolveInstalled } from '../../core/project-require.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';

export interface BackendChoice {
  name: BackendName;
  /** Human-readable, e.g. "wasm (SIMD, 1 thread)" or "tensorflow (@tensorflow/tfjs-node-gpu 4.22.0, GPU)". */
  detail: string;
  /** True only when TensorFlow itself lists a GPU device (never from a package name). */
  gpu: boolean;
}

/**
 * What @tensorflow/tfjs-node-gpu 4.22 needs for a GPU: its libtensorflow is TensorFlow 2.9.1,
 * built for CUDA 11.2 and cuDNN 8.1; on a machine with only CUDA 12 it silently runs on the CPU.
 */
export const TFJS_GPU_REQUIREMENTS = 'an NVIDIA GPU and driver, CUDA 11.2 and cuDNN 8.1 (tfjs-node-gpu 4.22 runs TensorFlow 2.9.1)';

export interface InitBackendOptions {
  /** Defaults to the FGSM_BACKEND environment variable, else 'auto'. */
  prefer?: BackendPreference | string;
  /** Where the one-line choice goes; defaults to console.error with a "fgsm-faces:" prefix. */
  log?: (message: string) => void;
}

const PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

let current: BackendChoice | undefined;
/** Serialises initBackend calls: two concurrent first calls must not both probe and log. */
let pending: Promise<unknown> = Promise.resolve();

/** The backend chosen by initBackend, if it ran. */
export function currentBackend(): BackendChoice | undefined {
  return current;
}

/**
 * Selects (and initialises) the tfjs backend. Later calls asking for 'auto' or for the current
 * backend return the cached choice silently; asking for another backend switches and logs.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendChoice> {
  const run = pending.then(() => selectBackend(options));
  pending = run.catch(() => undefined);
  return run;
}

function defaultLog(message: string): void {
  console.error(`fgsm-faces: ${message}`);
}

async function selectBackend(options: InitBackendOptions): Promise<BackendChoice> {
  const { preference, source } = readPreference(options.prefer);
  const log = options.log ?? defaultLog;
  if (current && (preference === 'auto' || preference === current.name)) {
    // Someone may have called tf.setBackend since (tests do): put ours back, quietly.
    if (tf.getBackend() !== current.name) await setBackendOrThrow(current.name);
    return current;
  }
  const { choice, skipped } = preference === 'auto' ? await chooseAutomatically() : { choice: await activate(preference, source), skipped: [] };
  current = choice;
  log(`tfjs backend ${choice.detail}${preference === 'auto' ? ' (auto)' : ` (${source})`}${skipped.length ? `; not used: ${skipped.join('; ')}` : ''}`);
  return choice;
}

function readPreference(prefer: string | undefined): { preference: BackendPreference; source: string } {
  const fromEnvironment = process.env.FGSM_BACKEND?.trim();
  const [raw, source] =
    prefer !== undefined ? [prefer, 'prefer option'] : fromEnvironment ? [fromEnvironment, 'FGSM_BACKEND'] : ['auto', 'default'];
  const value = raw.trim().toLowerCase();
  const preference = PREFERENCES.find((p) => p === value);
  if (!preference) throw new Error(`Invalid tfjs backend '${raw}' (${source}): choose one of ${PREFERENCES.join(', ')}.`);
  return { preference, source };
}

async function chooseAutomatically(): Promise<{ choice: BackendChoice; skipped: string[] }> {
  const skipped: string[] = [];
  const native = await activateNative();
  if (native.choice) return { choice: native.choice, skipped };
  skipped.push(`tensorflow (${native.problems.join(', ')})`);
  try {
    return { choice: await activateWasm(), skipped };
  } catch (error) {
    skipped.push(`wasm (${messageOf(error)})`);
  }
  return { choice: await activateCpu(), skipped };
}

async function activate(name: BackendName, source: string): Promise<BackendChoice> {
  switch (name) {
    case 'tensorflow': {
      const native = await activateNative();
      if (native.choice) return native.choice;
      throw new Error(
        `tfjs backend 'tensorflow' requested (${source}) but @tensorflow/tfjs-node(-gpu) is not installed/working: ` +
          `install it or use wasm/cpu. (${native.problems.join('; ')})`,
      );
    }
    case 'wasm':
      return activateWasm();
    case 'cpu':
      return activateCpu();
  }
}

// ---------------------------------------------------------------------------------------------
// Native TensorFlow

async function activateNative(): Promise<{ choice?: BackendChoice; problems: string[] }> {
  const problems: string[] = [];
  for (const packageName of NATIVE_PACKAGES) {
    const problem = await nativePackageProblem(packageName);
    if (!problem) {
      // Set by tfjs-node from TensorFlow's own device list (TFE_ContextListDevices) when it starts.
      const gpu = (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
      return { choice: { name: 'tensorflow', detail: nativeDetail(packageName, readManifest(packageName)?.version, gpu), gpu }, problems };
    }
    problems.push(problem);
  }
  return { problems };
}

/** Why `packageName` cannot give us the 'tensorflow' backend, or undefined once it is active. */
async function nativePackageProblem(packageName: string): Promise<string | undefined> {
  const manifest = readManifest(packageName);
  if (manifest && manifest.name !== packageName) return `${packageName} is an alias of ${manifest.name} ${manifest.version}, not native TensorFlow`;
  try {
    // Non-literal specifier: an optional peer dependency TypeScript must not look for.
    await import(packageName);
  } catch (error) {
    // Only "cannot find <this package>" means absent; a missing native binding is a broken install.
    if (messageOf(error).includes(`'${packageName}'`) && isModuleNotFound(error)) return `${packageName} is not installed`;
    return `${packageName} failed to load: ${messageOf(error)}`;
  }
  if (!tf.findBackend('tensorflow')) return `${packageName} loaded but gave this @tensorflow/tfjs-core no working 'tensorflow' backend`;
  if (!(await tf.setBackend('tensorflow'))) return `${packageName}: the 'tensorflow' backend failed to initialise`;
  await tf.ready();
  return undefined;
}

interface Manifest {
  name: string;
  version: string;
}

/**
 * The package.json `packageName` resolves to, or undefined if not found. Resolved from this file
 * when compiled to CommonJS (__filename), else from the working directory: no import.meta here,
 * and JSON import attributes do not compile to CommonJS. Only used to skip a known alias; the
 * import and the backend check above decide, wherever this resolves from.
 */
function readManifest(packageName: string): Manifest | undefined {
  const file = resolveInstalled(`${packageName}/package.json`);
  try {
    return file ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** The log line's detail for native TensorFlow: the device comes from TensorFlow, and a GPU package on the CPU says why. */
export function nativeDetail(packageName: string, version: string | undefined, gpu: boolean): string {
  const name = `${packageName}${version ? ` ${version}` : ''}`;
  if (gpu) return `tensorflow (${name}, GPU)`;
  if (packageName.endsWith('-gpu')) return `tensorflow (${name}, CPU: TensorFlow lists no GPU device; it needs ${TFJS_GPU_REQUIREMENTS})`;
  return `tensorflow (${name}, CPU)`;
}

// ---------------------------------------------------------------------------------------------
// wasm and cpu

/**
 * No setWasmPaths needed: the package's Node bundle (dist/tf-backend-wasm.node.js) finds its .wasm
 * files next to itself through its own __dirname, whatever the working directory.
 */
async function activateWasm(): Promise<BackendChoice> {
  await withoutNewProcessListeners(() => setBackendOrThrow('wasm'));
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasmBackend.getThreadsCount();
  return { name: 'wasm', detail: `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'})`, gpu: false };
}

async function activateCpu(): Promise<BackendChoice> {
  await setBackendOrThrow('cpu');
  return { name: 'cpu', detail: 'cpu (plain JavaScript, slow)', gpu: false };
}

async function setBackendOrThrow(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`the tfjs '${name}' backend failed to initialise`);
  await tf.ready();
}

/**
 * The wasm module's Emscripten glue adds process handlers that rethrow every uncaught error from
 * inside itself, so Node then prints a 20 kB line of minified glue code instead of the error. They
 * only matter for Emscripten exit() calls, which tfjs never makes: remove what `body` added.
 */
async function withoutNewProcessListeners(body: () => Promise<void>): Promise<void> {
  const emitter: NodeJS.EventEmitter = process;
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    await body();
  } finally {
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}
