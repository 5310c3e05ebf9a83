import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModelSpec, parameterShapes } from '../../src/models/index.js';
import type { ParamsMap } from '../../src/tensor.js';
import { WeightsError, checkFinite, inspectWeights, matchParams } from '../../src/weights/index.js';
import { zeroParams } from './helpers.js';

const resnet18 = (numClasses: number) => buildModelSpec('resnet18', { numClasses });

function mismatch(fn: () => unknown): string {
  let message = '';
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof WeightsError, String(error));
    assert.equal(error.code, 'mismatch');
    message = error.message;
    return true;
  });
  return message;
}

test('weights that fit are returned in model order, without copies; num_batches_tracked is ignored', () => {
  const spec = resnet18(5);
  const tensors: ParamsMap = new Map([...zeroParams(spec)].reverse());
  tensors.set('bn1.num_batches_tracked', { shape: [], data: Float32Array.of(3) });
  const params = matchParams(spec, tensors);
  assert.deepEqual([...params.keys()], [...parameterShapes(spec).keys()]);
  assert.equal(params.get('conv1.weight'), tensors.get('conv1.weight'));
});

test('resnet18 weights into resnet101: one error listing the problems and guessing resnet18', () => {
  const message = mismatch(() => matchParams(buildModelSpec('resnet101', { numClasses: 5 }), zeroParams(resnet18(5)), { source: 'faces.pth' }));
  assert.match(message, /^faces\.pth: these weights do not fit resnet101 with 5 classes:/);
  assert.match(message, /missing \(\d+\): layer1\.0\.conv3\.weight, .* and \d+ more/);
  assert.match(message, /wrong shape \(\d+\): layer1\.0\.conv1\.weight: file \[64, 64, 3, 3\], model \[64, 64, 1, 1\]/);
  assert.match(message, /These weights look like resnet18 with 5 classes: use model "resnet18"\.$/);
  assert.ok(message.split('\n').length <= 6, 'one short message, not hundreds of lines');
});

test('the guess also says when the class count differs', () => {
  const message = mismatch(() => matchParams(buildModelSpec('custom_resnet', { numClasses: 31 }), zeroParams(resnet18(10))));
  assert.match(message, /look like resnet18 with 10 classes: use model "resnet18" and numClasses 10\./);
});

test('the right architecture with the wrong class count says which numClasses to set', () => {
  const message = mismatch(() => matchParams(resnet18(31), zeroParams(resnet18(10))));
  assert.match(message, /wrong shape \(2\): fc\.weight: file \[10, 512\], model \[31, 512\]; fc\.bias: file \[10\], model \[31\]/);
  assert.match(message, /These weights are resnet18 with 10 classes, not 31: set numClasses to 10\./);
  assert.doesNotMatch(message, /missing|unexpected/);
});

test('unrecognisable weights say no zoo architecture matches', () => {
  const tensors: ParamsMap = new Map([
    ['encoder.weight', { shape: [4, 4], data: new Float32Array(16) }],
    ['fc.weight', { shape: [3, 4], data: new Float32Array(12) }],
  ]);
  const message = mismatch(() => matchParams(resnet18(3), tensors));
  assert.match(message, /unexpected \(1\): encoder\.weight/);
  assert.match(message, /No zoo architecture \(resnet18, resnet101, custom_resnet\) matches these weights/);
  assert.equal(inspectWeights(tensors), undefined);
});

test('inspectWeights identifies each zoo architecture and its class count', () => {
  assert.deepEqual(inspectWeights(zeroParams(buildModelSpec('custom_resnet', { numClasses: 31 }))), { architecture: 'custom_resnet', numClasses: 31 });
  assert.deepEqual(inspectWeights(zeroParams(resnet18(2))), { architecture: 'resnet18', numClasses: 2 });
  assert.equal(inspectWeights(new Map()), undefined);
});

test('non-strict loading takes the intersection and reports the rest', () => {
  const spec = resnet18(7);
  const tensors = zeroParams(resnet18(1000)); // e.g. ImageNet weights for a new 7-class head
  tensors.set('extra.thing', { shape: [1], data: new Float32Array(1) });
  const notes: string[] = [];
  const params = matchParams(spec, tensors, { strict: false, onNote: (n) => notes.push(n) });
  assert.equal(params.size, parameterShapes(spec).size - 2);
  assert.equal(params.has('fc.weight'), false);
  assert.match(notes[0]!, /loaded 100 of 102 parameters of resnet18 with 7 classes; not loaded:/);
  assert.ok(notes.some((n) => /^unexpected \(1\): extra\.thing$/.test(n)));
  assert.ok(notes.some((n) => /^wrong shape \(2\): fc\.weight: file \[1000, 512\], model \[7, 512\]/.test(n)));
});

test('NaN or Infinity in any tensor is an error naming it', () => {
  const spec = resnet18(5);
  const tensors = zeroParams(spec);
  const bad = tensors.get('layer2.1.bn2.running_var')!.data;
  bad[17] = NaN;
  bad[20] = Infinity;
  assert.throws(() => matchParams(spec, tensors, { source: 'diverged.pth' }), (error: unknown) => {
    assert.ok(error instanceof WeightsError);
    assert.equal(error.code, 'non-finite');
    assert.match(error.message, /^diverged\.pth: tensor "layer2\.1\.bn2\.running_var" contains 1 NaN and 1 infinite values \(first at index 17\)/);
    return true;
  });
  assert.throws(() => checkFinite(new Map([['x', { shape: [1], data: Float32Array.of(-Infinity) }]])), /tensor "x" contains 0 NaN and 1 infinite/);
});
