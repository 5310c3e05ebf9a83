/**
 * Real PyTorch files: test/fixtures/weights/make_pth_fixtures.py saves torchvision state_dicts
 * (random weights and BatchNorm statistics), other dtypes, views, checkpoints and hostile pickles;
 * we must read every tensor bit-identical to torch's `.float()`. Our writer's output must load in
 * PyTorch with load_state_dict(strict=True). Skipped, with the reason, when PyTorch is absent.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildModelSpec } from '../../src/models/index.js';
import { WeightsError, inspectWeights, matchParams, readPthFile, writePthFile } from '../../src/weights/index.js';
import { pytorchMissingReason, runPython } from '../../scripts/pytorch-reference.js';
import { randomParams, sha256OfFloats, tempDir } from './helpers.js';

const FIXTURES = join('test', 'fixtures', 'weights');
type Expected = Record<string, Record<string, { shape: number[]; sha256: string }>>;

const skip = pytorchMissingReason();

describe('PyTorch-written .pth files', { skip }, () => {
  let dir: string;
  let canary: string;
  let expected: Expected;

  before(() => {
    dir = tempDir('torch');
    canary = join(dir, 'CANARY');
    runPython(join(FIXTURES, 'make_pth_fixtures.py'), [dir, canary]);
    expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function assertSameAsTorch(file: string): Promise<string[]> {
    const { tensors, notes } = await readPthFile(join(dir, file));
    const want = expected[file]!;
    assert.deepEqual([...tensors.keys()], Object.keys(want), `${file}: same names in the same order`);
    for (const [name, { shape, sha256 }] of Object.entries(want)) {
      const t = tensors.get(name)!;
      assert.deepEqual(t.shape, shape, `${file} ${name} shape`);
      assert.equal(sha256OfFloats(t.data), sha256, `${file} ${name}: values differ from torch's`);
    }
    return notes;
  }

  test('torchvision resnet18 (5 classes) loads bit-identical and fits the zoo model strictly', async () => {
    await assertSameAsTorch('resnet18_5.pth');
    const { tensors } = await readPthFile(join(dir, 'resnet18_5.pth'));
    const spec = buildModelSpec('resnet18', { numClasses: 5 });
    const params = matchParams(spec, tensors, { source: 'resnet18_5.pth' });
    assert.equal(params.size, tensors.size - 20, 'every tensor except the 20 num_batches_tracked counters');
    assert.deepEqual(inspectWeights(tensors), { architecture: 'resnet18', numClasses: 5 });
    assert.deepEqual([...tensors.get('bn1.num_batches_tracked')!.data], [17]);
  });

  test('torchvision resnet101 (3 classes) loads bit-identical and fits the zoo model strictly', async () => {
    await assertSameAsTorch('resnet101_3.pth');
    const { tensors } = await readPthFile(join(dir, 'resnet101_3.pth'));
    matchParams(buildModelSpec('resnet101', { numClasses: 3 }), tensors);
    assert.deepEqual(inspectWeights(tensors), { architecture: 'resnet101', numClasses: 3 });
  });

  test('float16, float64 and bfloat16 state_dicts equal torch .float()', async () => {
    for (const file of ['half.pth', 'double.pth', 'bfloat16.pth']) {
      const notes = await assertSameAsTorch(file);
      assert.ok(notes.some((n) => /converted (float16|float64|bfloat16) tensors to float32/.test(n)), `${file}: ${notes.join(' | ')}`);
    }
  });

  test('non-contiguous views (transposed, stepped, offset, expanded, permuted) equal torch .contiguous()', async () => {
    await assertSameAsTorch('views.pth');
  });

  test('pickle protocol 4 (torch.save(..., pickle_protocol=4)) reads the same', async () => {
    await assertSameAsTorch('protocol4.pth');
  });

  test("a checkpoint's model_state_dict and DataParallel 'module.' names are unwrapped", async () => {
    const checkpointNotes = await assertSameAsTorch('checkpoint.pth');
    assert.match(checkpointNotes.join('\n'), /using the "model_state_dict" entry of a training checkpoint \(ignored: epoch, best_acc, optimizer_state_dict\)/);
    const parallelNotes = await assertSameAsTorch('dataparallel.pth');
    assert.match(parallelNotes.join('\n'), /stripped the "module\." prefix of all 122 names/);
  });

  test('a pickle whose __reduce__ runs os.system is refused and the command never runs', async () => {
    for (const file of ['evil.pth', 'evil_in_state_dict.pth']) {
      await assert.rejects(readPthFile(join(dir, file)), (error: unknown) => {
        assert.ok(error instanceof WeightsError);
        assert.equal(error.code, 'forbidden-global');
        assert.match(error.message, /refusing to load: the pickle references the global "(posix|os)\.system"/);
        assert.match(error.message, /would run code/);
        return true;
      });
      assert.equal(existsSync(canary), false, `${file}: the canary must not exist`);
    }
    // Proof that the fixture is live: Python's own unrestricted torch.load runs the command.
    runPython('-c', [`import torch; torch.load(${JSON.stringify(join(dir, 'evil.pth'))})`]);
    assert.equal(existsSync(canary), true, 'torch.load (without weights_only) executes the payload');
  });

  test('legacy, TorchScript and whole-model files are refused with a fix', async () => {
    await assert.rejects(readPthFile(join(dir, 'legacy.pth')), /legacy pickle-format file written by PyTorch < 1\.6.*torch\.save/);
    await assert.rejects(readPthFile(join(dir, 'torchscript.pt')), /TorchScript archive \(torch\.jit\.save\)/);
    await assert.rejects(readPthFile(join(dir, 'whole_model.pth')), /global "torch\.nn\.modules\.linear\.Linear".*re-save just the weights/);
  });

  test('writePth output loads in PyTorch: weights_only, load_state_dict(strict=True), same values', async () => {
    const params = randomParams(buildModelSpec('resnet18', { numClasses: 4 }), 9);
    const path = join(dir, 'exported.pth');
    await writePthFile(path, params);
    const report = JSON.parse(runPython(join(FIXTURES, 'check_written_pth.py'), [path, 'resnet18', '4'])) as {
      weights_only: boolean;
      strict_load: string;
      type: string;
      tensors: Record<string, { shape: number[]; sha256: string }>;
    };
    assert.equal(report.strict_load, 'ok');
    assert.equal(report.type, 'OrderedDict');
    assert.deepEqual(Object.keys(report.tensors), [...params.keys()]);
    for (const [name, t] of params) {
      assert.deepEqual(report.tensors[name]!.shape, t.shape, name);
      assert.equal(report.tensors[name]!.sha256, sha256OfFloats(t.data), name);
    }
  });
});
