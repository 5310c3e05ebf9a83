/**
 * The package as a user gets it: built (`npm run build`), packed (`npm pack`) and installed from
 * the tarball into a new project outside the repository, with the overrides docs/package.md asks
 * for. There: (a) the CLI through its bin, (b) a TypeScript program importing the library and its
 * notebook entry, type-checked against the package's .d.ts and run, (c) a two-cell tslab notebook
 * importing both, drawing one Plotly chart and exported to HTML by nbconvert.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { NO_JUPYTER, jupyter } from '../notebook/requirements.js';

const REPO = resolve('.');
const PACKAGE = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string; overrides: unknown };
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

/** The environment of a user's shell: nothing inherited from the `npm test` running this file. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && key !== 'NODE_OPTIONS') env[key] = value;
  return { ...env, ...extra };
}

function run(command: string, args: readonly string[], cwd: string, env = userEnv()): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000 });
  if (result.error) throw result.error;
  return result;
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what} exited ${result.status}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  return result.stdout;
}

const project = mkdtempSync(join(tmpdir(), 'fgsm-faces-user-'));
const started = Date.now();

test('npm pack + install into a new project: the CLI, a TypeScript program and a tslab notebook use the package', async (t) => {
  t.after(() => rmSync(project, { recursive: true, force: true }));
  assert.ok(!project.startsWith(REPO), 'the user project lies outside the repository');

  await t.test('build and pack', () => {
    ok(run('npm', ['run', '--silent', 'build'], REPO), 'npm run build');
    const packed = ok(run('npm', ['pack', '--json', '--pack-destination', project], REPO), 'npm pack');
    const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    const files = new Set(info!.files.map((f) => f.path));
    for (const needed of ['dist/index.js', 'dist/index.d.ts', 'dist/notebook/index.js', 'dist/notebook/index.d.ts', 'dist/cli/main.js', 'models/resnet18_sample_faces.json', 'models/resnet18_sample_faces.bin', 'data/sample_faces/Dataset.csv', 'data/orl_faces/README.md', 'README.md', 'LICENSE', 'package.json']) {
      assert.ok(files.has(needed), `the tarball holds ${needed}`);
    }
    for (const path of files) assert.ok(!/^(src|test|scripts|results)\/|^notebooks\/.*\.ipynb$/.test(path), `the tarball leaves out ${path}`);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'fgsm-faces-user', version: '1.0.0', private: true, type: 'module', overrides: PACKAGE.overrides }, null, 2),
    );
    // ONNXRUNTIME_NODE_INSTALL=skip: what docs/package.md tells npm 10 users (npm 11 runs no dependency scripts anyway).
    const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(project, info!.filename), 'tslab@1.0.22'], project, userEnv({ ONNXRUNTIME_NODE_INSTALL: 'skip' }));
    ok(installed, 'npm install <tarball>');
    const listed = run('npm', ['ls', '--depth=0', '--json'], project);
    const tree = JSON.parse(listed.stdout) as { dependencies?: Record<string, { version: string }>; problems?: string[] };
    assert.equal(tree.dependencies?.[PACKAGE.name]?.version, PACKAGE.version);
    assert.deepEqual(tree.problems ?? [], [], 'npm ls finds no problem');
  });

  await t.test('the README and docs/ travel with the package, and their relative links resolve there', () => {
    const installed = join(project, 'node_modules', PACKAGE.name);
    const pages = ['README.md', ...readdirSync(join(installed, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    assert.ok(pages.includes('docs/package.md') && pages.length >= 10, pages.join(', '));
    for (const page of pages) {
      const text = readFileSync(join(installed, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
        assert.ok(existsSync(join(installed, dirname(page), target!)), `${page} links to ${target}, which the package lacks`);
      }
    }
  });

  await t.test('(a) the CLI through its bin', () => {
    assert.equal(ok(run('npx', ['--no-install', 'fgsm-faces', '--version'], project), 'fgsm-faces --version').trim(), PACKAGE.version);
    assert.match(ok(run('npx', ['--no-install', 'fgsm-faces', '--help'], project), 'fgsm-faces --help'), /Usage: fgsm-faces/);
    const unknown = run('npx', ['--no-install', 'fgsm-faces', '--no-such-flag'], project);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--no-such-flag/);
    // The default study, on the faces and model the package bundles, written to the user's folder.
    const study = ok(run('npx', ['--no-install', 'fgsm-faces', '--limit', '12', '--epsilons', '0,0.05', '--no-png', '--out', 'results'], project), 'fgsm-faces study');
    assert.match(study, /resnet18 \(node_modules\/fgsm-faces\/models\/resnet18_sample_faces\.json, onnxruntime\): 12 test images/);
    const results = JSON.parse(readFileSync(join(project, 'results', 'results_resnet18.json'), 'utf8')) as { rows?: unknown[] };
    assert.ok(results, 'results_resnet18.json written in the user project');
    assert.ok(existsSync(join(project, 'results', 'accuracies_resnet18.html')));
  });

  await t.test('(b) a TypeScript program imports the library and its notebook entry', () => {
    writeFileSync(
      join(project, 'program.ts'),
      [
        "import { parseEpsilon, study, type Study } from 'fgsm-faces';",
        "import { showMarkdown } from 'fgsm-faces/notebook';",
        '',
        "const result: Study = await study({ limit: 8, epsilons: [0, '8/255'], png: false });",
        'const [model] = result.models;',
        "if (!model) throw new Error('no model studied');",
        "console.log(JSON.stringify({ label: model.label, images: model.attacked.length, epsilon: parseEpsilon('8/255'), showMarkdown: typeof showMarkdown }));",
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, outDir: 'out', types: ['node'] }, files: ['program.ts'] }),
    );
    // Full library checking: our .d.ts must have no error; other packages' (tfjs-core, danfojs-node) have some of their own.
    const checked = run(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
    const errors = checked.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    const ours = errors.filter((line) => !line.startsWith('node_modules/') || line.startsWith('node_modules/fgsm-faces/'));
    assert.deepEqual(ours, [], 'no type error in the program or in fgsm-faces\' declarations');
    const output = ok(run(process.execPath, ['out/program.js'], project), 'node out/program.js');
    const printed = JSON.parse(output.trim().split('\n').at(-1)!) as { label: string; images: number; epsilon: number; showMarkdown: string };
    assert.deepEqual(printed, { label: 'resnet18', images: 8, epsilon: 8 / 255, showMarkdown: 'function' });
  });

  await t.test('(c) a two-cell tslab notebook imports it, draws a Plotly chart and exports to HTML', { skip: jupyter ? false : NO_JUPYTER }, () => {
    const kernelDir = join(project, 'jupyter', 'kernels', 'fgsm-user');
    mkdirSync(kernelDir, { recursive: true });
    // The user's own tslab (installed beside the package), started by Jupyter in the notebook's folder.
    writeFileSync(
      join(kernelDir, 'kernel.json'),
      JSON.stringify({ argv: [process.execPath, join(project, 'node_modules', 'tslab', 'bin', 'tslab'), 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript (user)', language: 'typescript' }),
    );
    const cells = [
      [
        "import * as fgsm from 'fgsm-faces';",
        "import { showFigure, showMarkdown } from 'fgsm-faces/notebook';",
        "const study = await fgsm.study({ limit: 8, epsilons: [0, '8/255'], png: false });",
        'showMarkdown(`**${study.models[0]!.label}** on ${study.models[0]!.attacked.length} faces`);',
      ].join('\n'),
      "await showFigure(study.plot('accuracy'), { png: false });",
    ];
    const notebook = {
      cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
      metadata: { kernelspec: { name: 'fgsm-user', display_name: 'TypeScript (user)', language: 'typescript' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(project, 'two-cells.ipynb'), JSON.stringify(notebook, null, 1));
    const env = userEnv({ JUPYTER_PATH: join(project, 'jupyter') });
    ok(run(jupyter!, ['nbconvert', '--to', 'html', '--execute', '--ExecutePreprocessor.timeout=600', '--output', 'two-cells', 'two-cells.ipynb'], project, env), 'jupyter nbconvert --execute');
    const html = readFileSync(join(project, 'two-cells.html'), 'utf8');
    assert.match(html, /<strong>resnet18<\/strong> on 8 faces/);
    assert.ok(html.includes('Plotly.newPlot'), 'the chart is drawn by Plotly');
    assert.ok(/plotly\.js v3\./.test(html) || html.includes('data-plotly-version="3.'), 'plotly.js is embedded, so the report works offline');
    assert.ok(!/Traceback|Error: /.test(html.replace(/<script[\s\S]*?<\/script>/g, '')), 'no error in the cells');
  });

  t.diagnostic(`pack, install and use: ${((Date.now() - started) / 1000).toFixed(0)} s; ${readdirSync(project).length} entries in the user project`);
});
