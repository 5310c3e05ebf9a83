/**
 * One study, three ways in: the CLI (`study`), the library's facade (`study(...).save()`) and the
 * notebook's path (src/notebook's `study`, with its progress bars and Spanish words, then save)
 * must write the same files with the same numbers: only timings, the creation time and the command
 * line in the manifest may differ.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { study, type RunHooks, type Study } from '../../src/index.js';
import { setDisplaySink, study as notebookStudy, type DisplayMessage } from '../../src/notebook/index.js';
import { PROJECT, runCli } from '../cli/helpers.js';

const DATA = join(PROJECT, 'data', 'sample_faces');
// Unsorted, with a duplicate and a k/255 value: every way in tidies the list by the same rule.
const EPSILONS = ['0.01', '0', '8/255', '0.01'];
const REQUEST = { model: 'resnet18', data: DATA, limit: 12, epsilons: EPSILONS, backend: 'onnx', png: false } as const;

/** A results document without what legitimately differs between two runs. */
function comparable(file: string): unknown {
  const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { manifest: Record<string, unknown> };
  const { createdAt: _created, timings: _timings, manifest, ...rest } = document;
  const { command: _command, ...sameManifest } = manifest;
  return { ...rest, manifest: sameManifest };
}

test('the CLI, the facade and the notebook write the same study', { timeout: 240_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'fgsm-one-study-'));
  try {
    const dirs = { cli: join(root, 'cli'), facade: join(root, 'facade'), notebook: join(root, 'notebook') };
    const cli = await runCli(['study', '--model', 'resnet18', '--data', DATA, '--limit', '12', '--epsilons', EPSILONS.join(','), '--backend', 'onnx', '--no-png', '--out', dirs.cli]);
    assert.equal(cli.code, 0, cli.stderr);

    const warnings: string[] = [];
    const fromFacade = await study({ ...REQUEST, hooks: { warn: (message) => warnings.push(message) } });
    await fromFacade.save(dirs.facade);
    assert.ok(warnings.some((w) => /0\.01/.test(w)), `the duplicate epsilon is reported: ${warnings.join(' | ')}`);

    const shown: DisplayMessage[] = [];
    setDisplaySink((message) => shown.push(message));
    try {
      const fromNotebook = await notebookStudy(REQUEST);
      await fromNotebook.save(dirs.notebook);
      assert.equal(fromNotebook.locale, 'es');
      assert.match(fromNotebook.table().caption, /imágenes de prueba/);
    } finally {
      setDisplaySink(undefined);
    }
    assert.ok(shown.some((m) => JSON.stringify(m).includes('fgsm-progress')), 'the notebook shows a progress bar');

    const files = (dir: string) => readdirSync(dir).sort();
    assert.deepEqual(files(dirs.cli), ['accuracies_resnet18.html', 'examples_resnet18.png', 'results_resnet18.csv', 'results_resnet18.json', 'results_subplots.html']);
    assert.deepEqual(files(dirs.facade), files(dirs.cli));
    assert.deepEqual(files(dirs.notebook), files(dirs.cli));
    const reference = comparable(join(dirs.cli, 'results_resnet18.json'));
    assert.deepEqual((reference as { config: { epsilons: number[] } }).config.epsilons, [0, 0.01, 8 / 255]);
    for (const dir of [dirs.facade, dirs.notebook]) {
      assert.deepEqual(comparable(join(dir, 'results_resnet18.json')), reference, `${dir}: same document as the CLI's`);
      assert.equal(readFileSync(join(dir, 'results_resnet18.csv'), 'utf8'), readFileSync(join(dirs.cli, 'results_resnet18.csv'), 'utf8'));
      assert.ok(readFileSync(join(dir, 'examples_resnet18.png')).equals(readFileSync(join(dirs.cli, 'examples_resnet18.png'))), `${dir}: same examples grid`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the facade reads back what it computed, in its locale', { timeout: 120_000 }, async () => {
  const english = await study({ ...REQUEST, epsilons: [0, 0.01, 0.1], hooks: { warn: () => undefined } });
  const model = english.model();
  assert.equal(model.label, 'resnet18');
  assert.deepEqual(english.table().frame.columns, ['epsilon', 'correct', 'total', 'accuracy', 'attackSuccessRate', 'meanLinf', 'meanL2', 'meanTrueClassConfidence']);
  assert.deepEqual(english.table().frame.column('correct').values, model.results.epsilons.map((r) => r.correct));
  assert.match(english.plot('accuracy').layout.title.text, /accuracy/i);
  assert.match(english.analysis(), /^### .*resnet18/);
  assert.match(english.analysis('comparison'), /only one model/i);
  assert.throws(() => english.model('resnet101'), /no model "resnet101" in this study: it has "resnet18"/);
  assert.throws(() => english.plot('nonsense' as never), /unknown plot "nonsense"/);
  const png = await english.examples();
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  await assert.rejects(study({ model: 'resnet18', models: [{ model: 'resnet18' }] }), /either model\/weights .* or models/);
});

test('a later study takes a model from an earlier one only when nothing that decides its numbers changed', { timeout: 180_000 }, async () => {
  const models = mkdtempSync(join(tmpdir(), 'fgsm-reuse-'));
  try {
    for (const suffix of ['.json', '.bin', '.split.json']) copyFileSync(join(PROJECT, 'models', `resnet18_sample_faces${suffix}`), join(models, `resnet18_sample_faces${suffix}`));
    const weights = join(models, 'resnet18_sample_faces.json');
    const events: string[] = [];
    const hooks = (run: string): RunHooks => ({
      onModelStart: ({ label }) => events.push(`${run}: ${label} attacked`),
      onModelReused: ({ label }) => events.push(`${run}: ${label} reused`),
      warn: () => undefined,
    });
    const base = { data: DATA, limit: 6, epsilons: [0, 0.01], backend: 'onnx' } as const;
    const first = await study({ ...base, weights, hooks: hooks('first') });
    // Every bundled model of the folder (here the same weights, found by the folder): taken from the first study.
    const again = await study({ ...base, modelsDir: models, reuse: first, hooks: hooks('again') });
    assert.equal(again.model('resnet18').study, first.model().study, 'the very results of the first study');
    await study({ ...base, epsilons: [0, 0.1], modelsDir: models, reuse: first, hooks: hooks('other epsilons') });
    await study({ ...base, limit: 5, modelsDir: models, reuse: first, hooks: hooks('other faces') });
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(models, 'resnet18_sample_faces.bin'), later, later);
    await study({ ...base, modelsDir: models, reuse: first, hooks: hooks('weights saved again') });
    assert.deepEqual(events, ['first: resnet18 attacked', 'again: resnet18 reused', 'other epsilons: resnet18 attacked', 'other faces: resnet18 attacked', 'weights saved again: resnet18 attacked']);
    await assert.rejects(study({ ...base, weights, reuse: {} as Study }), /reuse takes a study returned by study\(\)/);
  } finally {
    rmSync(models, { recursive: true, force: true });
  }
});
