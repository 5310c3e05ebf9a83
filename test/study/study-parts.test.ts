import { describe, it, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFaceDataset, stratifiedSplit, writeSplitFile, type FaceDataset, type FaceEntry } from '../../src/data/index.js';
import { FACE_NORMALIZATION } from '../../src/models/index.js';
import { ConfigError, checkClassNames, chooseModels, chooseTestSet, spreadLimit, type ChosenModel } from '../../src/study/index.js';
import { outOfMemoryHelp, trainingBackend } from '../../src/train/index.js';
import { drawTinyFaces } from '../cli/helpers.js';

let dir: string;
let dataset: FaceDataset;
let names: string[];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fgsm-report-'));
  names = await drawTinyFaces(join(dir, 'data'), { people: 3, perPerson: 5, size: 16 });
  dataset = await loadFaceDataset(join(dir, 'data'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A weights manifest with valid metadata and no tensors: enough for the checks made before loading. */
function fakeWeights(path: string, architecture: string, classNames: readonly string[], extra: Record<string, unknown> = {}): string {
  mkdirSync(join(path, '..'), { recursive: true });
  const fgsmFaces = { formatVersion: 1, architecture, numClasses: classNames.length, inputSize: 32, normalization: FACE_NORMALIZATION, classNames, createdAt: new Date().toISOString(), extra };
  writeFileSync(path, JSON.stringify({ format: 'fgsm-faces-weights', fgsmFaces, weightsManifest: [{ paths: ['x.bin'], weights: [] }] }));
  return path;
}

function chosen(overrides: Partial<ChosenModel>): ChosenModel {
  return { label: 'm', path: 'm.pth', format: 'pth', ...overrides };
}

test('bundled models: every fgsm-faces .json of the folder, other JSON ignored; labels tell two of one architecture apart', async () => {
  const models = join(dir, 'models');
  fakeWeights(join(models, 'a.json'), 'resnet18', names);
  fakeWeights(join(models, 'b.json'), 'resnet18', names);
  fakeWeights(join(models, 'c.json'), 'custom_resnet', names);
  writeFileSync(join(models, 'a.split.json'), '{"seed":0}');
  writeFileSync(join(models, 'notes.json'), 'not json');
  const all = await chooseModels(undefined, models);
  assert.deepEqual(all.map((m) => m.label), ['resnet18_a', 'resnet18_b', 'custom_resnet']);
  const byName = await chooseModels([{ model: 'resnet' }], models);
  assert.deepEqual(byName.map((m) => [m.label, m.architecture]), [['custom_resnet', 'custom_resnet']]);
  await assert.rejects(chooseModels([{ model: 'resnet101' }], models), (e: Error) => e instanceof ConfigError && /no bundled resnet101 weights/.test(e.message));
  await assert.rejects(chooseModels([{ model: 'resnet50' }], models), (e: Error) => e instanceof ConfigError && /unknown model "resnet50"/.test(e.message));
  await assert.rejects(chooseModels([{ model: 'resnet101', weights: join(models, 'a.json') }], models), (e: Error) => e instanceof ConfigError && /holds resnet18 weights, not resnet101/.test(e.message));
  await assert.rejects(chooseModels([{ weights: join(models, 'missing.json') }], models), (e: Error) => e instanceof ConfigError && /not found/.test(e.message));
  await assert.rejects(chooseModels(undefined, join(dir, 'nowhere')), (e: Error) => e instanceof ConfigError && /no models to attack/.test(e.message));
});

test('the test set: the split recorded in the weights when it fits, else --split, else a clear error', async () => {
  const split = stratifiedSplit(dataset.entries, { seed: 3 });
  const models = join(dir, 'split-models');
  mkdirSync(models, { recursive: true });
  await writeSplitFile(join(models, 'm.split.json'), split, dataset.entries);
  const path = fakeWeights(join(models, 'm.json'), 'resnet18', names, { splitFile: 'm.split.json' });
  const [model] = await chooseModels([{ weights: path }], models);
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);

  const recorded = await chooseTestSet({ dataset, model: model!, warn });
  assert.equal(recorded.source, 'weights-split');
  assert.deepEqual(recorded.entries.map((e) => e.file), split.test.map((e) => e.file));

  const despiteAll = await chooseTestSet({ dataset, model: model!, split: 'all', warn });
  assert.equal(despiteAll.source, 'weights-split', 'a fitting recorded split wins over --split, so no training image is attacked');
  assert.match(warnings.at(-1)!, /--split all not used/);

  const pth = chosen({ path: join(dir, 'x.pth') });
  await assert.rejects(chooseTestSet({ dataset, model: pth, warn }), (e: Error) => e instanceof ConfigError && /--split all/.test(e.message));
  const all = await chooseTestSet({ dataset, model: pth, split: 'all', warn });
  assert.equal(all.entries.length, dataset.entries.length);
  const fromFile = await chooseTestSet({ dataset, model: pth, split: join(models, 'm.split.json'), warn });
  assert.equal(fromFile.source, 'split-file');
  assert.equal(fromFile.entries.length, split.test.length);

  const limited = await chooseTestSet({ dataset, model: pth, split: 'all', limit: 4, warn });
  assert.equal(limited.entries.length, 4);
  assert.equal(limited.available, dataset.entries.length);
});

test('--limit takes images from every person in turn', () => {
  const entries: FaceEntry[] = ['a', 'b', 'c'].flatMap((name, label) => [0, 1, 2, 3].map((i) => ({ file: `Faces/${name}_${i}.jpg`, path: '', name, label })));
  const three = spreadLimit(entries, 3);
  assert.deepEqual(three.map((e) => e.name), ['a', 'b', 'c']);
  const five = spreadLimit(entries, 5);
  assert.deepEqual(five.map((e) => e.file), ['Faces/a_0.jpg', 'Faces/a_1.jpg', 'Faces/b_0.jpg', 'Faces/b_1.jpg', 'Faces/c_0.jpg']);
  assert.equal(spreadLimit(entries, 100).length, 12);
});

test('class names: the data must have the people the model was trained on', () => {
  const model = chosen({ format: 'fgsm-faces', metadata: { formatVersion: 1, architecture: 'resnet18', numClasses: 3, inputSize: 32, normalization: FACE_NORMALIZATION, classNames: ['A', 'B', 'C'], createdAt: '', extra: { datasetRoot: 'data/x' } } });
  assert.deepEqual(checkClassNames(['A', 'B', 'C'], model, '/d'), ['A', 'B', 'C']);
  assert.throws(() => checkClassNames(['A', 'B', 'D'], model, '/d'), (e: Error) => e instanceof ConfigError && /1 not known to the model: "D"; 1 missing from the data: "C"/.test(e.message) && /data\/x/.test(e.message));
  assert.deepEqual(checkClassNames(['A', 'B'], chosen({}), '/d', 2), ['A', 'B']);
  assert.throws(() => checkClassNames(['A', 'B'], chosen({}), '/d', 3), /3 outputs but \/d has 2 people/);
});

describe('outOfMemoryHelp', () => {
  it('turns a wasm heap overflow during training into a ConfigError that names the batch and the fix', () => {
    const help = outOfMemoryHelp(Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' }), 'wasm', 32, 224);
    assert.ok(help instanceof ConfigError);
    assert.match(help.message, /32 images of 224x224 px per batch on the wasm backend/);
    assert.match(help.message, /4 GB/);
    assert.match(help.message, /--batch-size 16/);
  });

  it('leaves other errors alone', () => {
    assert.equal(outOfMemoryHelp(new Error('file not found'), 'wasm', 32, 224), undefined);
  });
});

describe('trainingBackend', () => {
  it('lets FGSM_BACKEND=onnx (set for studies) through to tfjs auto, saying so', () => {
    const notes: string[] = [];
    assert.equal(trainingBackend(undefined, 'onnx', (m) => notes.push(m)), 'auto');
    assert.match(notes[0]!, /FGSM_BACKEND=onnx applies to studies; training runs on tfjs/);
  });

  it('keeps the flag first, then a valid FGSM_BACKEND, and refuses a bad one before any work', () => {
    const quiet = () => undefined;
    assert.equal(trainingBackend('cpu', 'onnx', quiet), 'cpu');
    assert.equal(trainingBackend(undefined, ' WASM ', quiet), 'wasm');
    assert.equal(trainingBackend(undefined, undefined, quiet), undefined);
    assert.throws(() => trainingBackend(undefined, 'gpu', quiet), (error: unknown) => error instanceof ConfigError && /invalid FGSM_BACKEND 'gpu'/.test(error.message));
  });
});

test('one settings schema: the library refuses what the CLI refuses, with the same words', async () => {
  const { resolveStudySettings } = await import('../../src/study/index.js');
  const { ROBUSTNESS_SETTINGS } = await import('../../src/study/index.js');
  const resolveRobustnessSettings = (config: Parameters<typeof resolveStudySettings>[0]) => resolveStudySettings({ attacks: ['fgsm', 'bim', 'pgd', 'noise'], ...config });
  const { optionFor } = await import('../../src/cli/index.js');
  const cli = (setting: Parameters<typeof optionFor>[0], text: string) => () => (optionFor(setting) as unknown as { parseArg: (t: string, p: unknown) => unknown }).parseArg(text, undefined);
  assert.throws(() => resolveStudySettings({ limit: 0 }), /^ConfigError: limit must be a whole number >= 1, got 0\.$/);
  assert.throws(cli(ROBUSTNESS_SETTINGS.limit, '0'), /^InvalidArgumentError: --limit must be a whole number >= 1, got 0\.$/);
  assert.throws(() => resolveRobustnessSettings({ steps: 1.5 }), /steps must be a whole number >= 1, got 1.5/);
  assert.throws(cli(ROBUSTNESS_SETTINGS.steps, '1.5'), /--steps must be a whole number >= 1, got 1.5/);
  assert.throws(cli(ROBUSTNESS_SETTINGS.steps, 'two'), /--steps must be a whole number >= 1, got "two"/);
  assert.throws(() => resolveRobustnessSettings({ labels: 'guessed' as 'true' }), /labels must be one of true, predicted, got "guessed"/);
  assert.throws(() => resolveRobustnessSettings({ stepSize: 0 }), /stepSize must be > 0 \(or leave it out: 2.5 \* epsilon \/ steps\)/);
  assert.throws(cli(ROBUSTNESS_SETTINGS.stepSize, '0'), /--step-size must be > 0/);
  assert.throws(() => resolveRobustnessSettings({ attacks: ['fgsm', 'deepfool'] }), /unknown attack "deepfool"/);
  assert.throws(cli(ROBUSTNESS_SETTINGS.attacks, 'fgsm,deepfool'), /unknown attack "deepfool"/);
  assert.throws(() => resolveStudySettings({ backend: 'gpu' as 'cpu' }), /backend must be one of auto, onnx, onnx-cuda, tensorflow, wasm, cpu, got "gpu"/);
  assert.equal(resolveRobustnessSettings({}).steps, ROBUSTNESS_SETTINGS.steps.defaultValue, 'defaults come from the schema');
});

test('one study: FGSM alone is the original study, any other attack list the robustness study, with their defaults', async () => {
  const { resolveStudySettings, ORIGINAL_EPSILONS } = await import('../../src/index.js');
  const original = resolveStudySettings({});
  assert.deepEqual([original.report, original.attacks, original.epsilons, original.scope, original.quantise, original.ssim, original.maxExamples, original.examples], ['original', ['fgsm'], ORIGINAL_EPSILONS, 'clean-correct', false, false, 5, 0]);
  const robustness = resolveStudySettings({ attacks: ['fgsm', 'bim', 'pgd', 'noise'] });
  assert.deepEqual([robustness.report, robustness.epsilonsText, robustness.scope, robustness.quantise, robustness.ssim, robustness.maxExamples, robustness.examples], ['robustness', ['0', '1/255', '2/255', '4/255', '8/255', '16/255', '0.1'], 'all', true, true, 0, 6]);
  // Every default can be given explicitly, in either study.
  const chosen = resolveStudySettings({ attacks: ['PGD', 'pgd'], scope: 'clean-correct', quantise: false, epsilons: ['0', '0.01'] });
  assert.deepEqual([chosen.attacks, chosen.scope, chosen.quantise, chosen.epsilons], [['pgd'], 'clean-correct', false, [0, 0.01]]);
  // A target means impersonation, added to whatever list is given.
  const impersonating = resolveStudySettings({ attacks: ['fgsm'], target: 'Ada' });
  assert.deepEqual([impersonating.attacks, impersonating.report], [['fgsm', 'impersonate'], 'robustness']);
  assert.throws(() => resolveStudySettings({ scope: 'some' as 'all' }), /scope must be one of clean-correct, all, got "some"/);
});
