// The browser side of jupyterlab-outputs.test.ts: JupyterLab's own output pipeline (rendermime +
// OutputArea from npm), bundled by esbuild at test time. Plain JavaScript because the project's
// tsconfig has no DOM library; this file is never run by Node.
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { ContentsManager, KernelManager, KernelSpecManager, ServerConnection, SessionManager } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

const state = { settings: undefined, session: undefined, sessions: undefined, kernels: undefined, rendermime: undefined };

/**
 * A registry like a notebook's in JupyterLab: the standard factories, the default Sanitizer, and a
 * UrlResolver for the notebook's path (it decides which img/a URLs get rewritten).
 */
function registry(path, contents) {
  return new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    resolver: new RenderMimeRegistry.UrlResolver({ path, contents }),
  });
}

/** Contents stand-in for pages without a server: only what UrlResolver calls. */
const noContents = { driveName: () => '', getDownloadUrl: async (path) => `/files/${path}` };

function section(index, title, trusted) {
  const box = document.createElement('section');
  box.className = 'fgsm-cell';
  box.dataset.trusted = String(trusted);
  box.dataset.cell = String(index);
  const header = document.createElement('pre');
  header.className = 'fgsm-cell-source';
  header.textContent = title;
  box.append(header);
  document.getElementById('cells').append(box);
  return box;
}

/** What a reader sees for output i of an area: the renderer JupyterLab chose and its content. */
function describe(area, rendermime, index) {
  const model = area.model.get(index);
  const node = area.widgets[index]?.node;
  const images = node ? [...node.querySelectorAll('img')] : [];
  return {
    outputType: model.type,
    mimeTypes: Object.keys(model.data),
    chosen: rendermime.preferredMimeType(model.data, model.trusted ? 'any' : 'ensure') ?? null,
    chart: String(model.data['text/html'] ?? '').includes('class="fgsm-notebook-chart"'),
    images: images.map((img) => ({ src: img.getAttribute('src')?.slice(0, 30) ?? '', complete: img.complete, width: img.naturalWidth, height: img.naturalHeight, alt: img.alt })),
    scripts: node ? node.querySelectorAll('script').length : 0,
    text: (node?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
  };
}

async function imagesLoaded(node) {
  await Promise.all([...node.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)));
}

window.fgsmLab = {
  /** Starts a session (kernel `kernelName`) for `path` on the server, as SessionContext does. */
  async start({ baseUrl, wsUrl, token, kernelName, path }) {
    // appendToken: the page got no login cookie from the server, so the websocket carries the token.
    state.settings = ServerConnection.makeSettings({ baseUrl, wsUrl, token, appendToken: true });
    state.kernels = new KernelManager({ serverSettings: state.settings });
    state.sessions = new SessionManager({ serverSettings: state.settings, kernelManager: state.kernels });
    const specs = new KernelSpecManager({ serverSettings: state.settings });
    await specs.ready;
    if (!specs.specs?.kernelspecs[kernelName]) throw new Error(`kernel ${kernelName} is not registered on the server`);
    state.rendermime = registry(path, new ContentsManager({ serverSettings: state.settings }));
    state.session = await state.sessions.startNew({ path, name: path.split('/').pop(), type: 'notebook', kernel: { name: kernelName } });
    const kernel = state.session.kernel;
    const info = await kernel.info;
    return { kernel: kernel.name, id: kernel.id, implementation: info.implementation, language: info.language_info.name };
  },

  /**
   * Runs one code cell as JupyterLab's CodeCell.execute does: trusted output model, then
   * OutputArea.execute (the output area follows the future's iopub messages, display ids too).
   * OutputArea.execute only reads sessionContext.session.kernel, so the session connection is
   * passed in a stand-in for SessionContext (which wraps this same SessionManager session).
   */
  async runCell(index, code) {
    const model = new OutputAreaModel({ trusted: true });
    const area = new OutputArea({ model, rendermime: state.rendermime });
    Widget.attach(area, section(index, `[${index}] ${code}`, true));
    const reply = await OutputArea.execute(code, area, { session: state.session });
    const outputs = model.toJSON();
    return {
      status: reply?.content.status ?? 'no reply',
      ename: reply?.content.ename,
      evalue: reply?.content.evalue,
      traceback: reply?.content.traceback,
      executionCount: reply?.content.execution_count ?? null,
      errors: outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}\n${(o.traceback ?? []).join('\n')}`),
      stderr: outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => [].concat(o.text).join('')).join(''),
      outputs: outputs.map((_, i) => describe(area, state.rendermime, i)),
    };
  },

  async stop() {
    await state.session?.shutdown();
    state.sessions?.dispose();
    state.kernels?.dispose();
  },

  /**
   * The saved outputs of a notebook a user opens without running it: JupyterLab marks outputs of an
   * untrusted notebook untrusted, so each is rendered with preferredMimeType(data, 'ensure').
   */
  async renderSaved(cells, path) {
    const rendermime = registry(path, noContents);
    const described = [];
    for (const cell of cells) {
      const model = new OutputAreaModel({ trusted: false, values: cell.outputs });
      const area = new OutputArea({ model, rendermime });
      const box = section(cell.index, `[${cell.index}] ${cell.source}`, false);
      Widget.attach(area, box);
      // Renderers draw asynchronously (RenderedHTML sanitizes first).
      await new Promise((resolve) => setTimeout(resolve, 0));
      await imagesLoaded(box);
      described.push({ index: cell.index, areaChildren: area.widgets.length, outputs: cell.outputs.map((_, i) => describe(area, rendermime, i)) });
    }
    return described;
  },
};
window.fgsmLabReady = true;
