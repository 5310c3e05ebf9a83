import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModelSpec, parameterShapes, resolveArchitecture } from '../../src/models/index.js';

const count = (shapes: Map<string, number[]>) => [...shapes.values()].reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);

test('resnet18 has torchvision parameter names and count', () => {
  const shapes = parameterShapes(buildModelSpec('resnet18', { numClasses: 1000 }));
  // torchvision resnet18: 11,689,512 trainable params; BN running stats add 2 * 4,800 (9,600).
  const trainable = [...shapes.entries()].filter(([k]) => !k.includes('running_')).reduce((s, [, sh]) => s + sh.reduce((a, b) => a * b, 1), 0);
  assert.equal(trainable, 11_689_512);
  assert.deepEqual(shapes.get('layer2.0.downsample.0.weight'), [128, 64, 1, 1]);
  assert.deepEqual(shapes.get('fc.weight'), [1000, 512]);
  assert.ok(count(shapes) > trainable);
});

test('resnet101 has torchvision parameter count', () => {
  const shapes = parameterShapes(buildModelSpec('resnet101', { numClasses: 1000 }));
  const trainable = [...shapes.entries()].filter(([k]) => !k.includes('running_')).reduce((s, [, sh]) => s + sh.reduce((a, b) => a * b, 1), 0);
  assert.equal(trainable, 44_549_160);
  assert.deepEqual(shapes.get('layer3.22.conv3.weight'), [1024, 256, 1, 1]);
});

test('custom resnet follows the original module names', () => {
  const shapes = parameterShapes(buildModelSpec('resnet', { numClasses: 31 }));
  assert.deepEqual(shapes.get('conv1.0.weight'), [64, 3, 7, 7]);
  assert.equal(shapes.has('conv1.0.bias'), false);
  assert.deepEqual(shapes.get('layer0.0.conv1.0.bias'), [64]);
  assert.equal(shapes.has('layer0.0.downsample.0.weight'), false);
  assert.deepEqual(shapes.get('layer4.0.downsample.0.weight'), [1024, 512, 1, 1]);
  assert.deepEqual(shapes.get('layer4.1.conv2.1.running_var'), [1024]);
  assert.deepEqual(shapes.get('fc.weight'), [31, 1024]);
});

test('unknown model names are refused with the list of choices', () => {
  assert.throws(() => resolveArchitecture('vgg16'), /Unknown model "vgg16". Choose one of: resnet18, resnet101, custom_resnet/);
});
