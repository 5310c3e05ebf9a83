/**
 * Rich output for the tslab kernel. tslab's public `display` sends ONE MIME type per output; a
 * chart needs several in one output (interactive HTML for Jupyter and nbconvert, a PNG for viewers
 * that run no JavaScript, such as GitHub's), so bundles go through the same writer tslab's
 * `display` uses internally. Outside a kernel (tests, the CLI) output goes to a sink instead.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** MIME type -> content; binary content (PNG) is sent base64-encoded, as Jupyter expects. */
export type MimeBundle = Readonly<Record<string, string | Uint8Array>>;

/** What Jupyter's display_data / update_display_data messages carry. */
export interface DisplayMessage {
  readonly data: Record<string, string>;
  readonly metadata: Record<string, unknown>;
  readonly transient: { display_id?: string };
}

export type DisplayWriter = (message: DisplayMessage, update: boolean) => void;

let sinkForTests: DisplayWriter | undefined;

/** Sends displays to `writer` instead of the kernel (undefined restores the kernel). For tests. */
export function setDisplaySink(writer: DisplayWriter | undefined): void {
  sinkForTests = writer;
}

interface TslabJupyterModule {
  lastWriteDisplayData: DisplayWriter | null;
}

/**
 * tslab's module holding the current cell's display writer. Resolved from the working directory
 * (the kernel runs at the repository root) so it is the very module instance the running kernel
 * loaded; `require` would not exist when src runs as ESM under tsx.
 */
function tslabJupyter(): TslabJupyterModule | undefined {
  const bases = [path.join(process.cwd(), 'noop.js')];
  if (typeof __filename === 'string') bases.unshift(__filename);
  for (const base of bases) {
    try {
      return createRequire(base)('tslab/dist/jupyter.js') as TslabJupyterModule;
    } catch {
      // tslab not installed from this base: try the next one.
    }
  }
  return undefined;
}

function currentWriter(): DisplayWriter | undefined {
  if (sinkForTests) return sinkForTests;
  const writer = tslabJupyter()?.lastWriteDisplayData;
  return typeof writer === 'function' ? writer : undefined;
}

/** True when running inside the tslab kernel (displays will reach Jupyter). */
export function inKernel(): boolean {
  return currentWriter() !== undefined;
}

export function encodeBundle(bundle: MimeBundle): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [mime, content] of Object.entries(bundle)) {
    data[mime] = typeof content === 'string' ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('base64');
  }
  return data;
}

/** Shows one output holding every MIME type of the bundle; the front end picks the richest it can. */
export function showBundle(bundle: MimeBundle, options: { displayId?: string; update?: boolean; metadata?: Record<string, unknown> } = {}): void {
  const writer = currentWriter();
  if (!writer) {
    // Not in a notebook: the plain-text form is still useful in a terminal.
    const text = bundle['text/plain'];
    if (typeof text === 'string') console.log(text);
    return;
  }
  writer({ data: encodeBundle(bundle), metadata: options.metadata ?? {}, transient: options.displayId ? { display_id: options.displayId } : {} }, options.update ?? false);
}

/** An output that can be replaced in place later (progress bars): the first show creates it. */
export interface LiveDisplay {
  show(bundle: MimeBundle): void;
}

let liveDisplays = 0;

export function newLiveDisplay(): LiveDisplay {
  const displayId = `fgsm-${process.pid}-${Date.now().toString(36)}-${++liveDisplays}`;
  let shown = false;
  return {
    show(bundle) {
      showBundle(bundle, { displayId, update: shown });
      shown = true;
    },
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Shows Markdown (rendered by Jupyter, nbconvert and GitHub), with itself as the plain text. */
export function showMarkdown(markdown: string): void {
  showBundle({ 'text/markdown': markdown, 'text/plain': markdown });
}

/** Shows an image (PNG bytes) with a text alternative. */
export function showPng(png: Uint8Array, alt: string): void {
  showBundle({ 'image/png': png, 'text/plain': alt });
}
