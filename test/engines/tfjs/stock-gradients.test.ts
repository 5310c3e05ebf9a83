/**
 * The ops against the STOCK tfjs gradients of the cpu backend (believed correct), and the stock wasm
 * defects that made hand-written gradients necessary.
 *
 * tfjs-core's Node bundle registers no gradient; `@tensorflow/tfjs` does. This project has it only
 * as `@tensorflow/tfjs-node`, an npm alias installed for danfojs-node, so these tests load it by
 * that name and are skipped where it is absent. (ops.test.ts stays free of it on purpose.)
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { conv2d, crossEntropySum, maxPool2d } from '../../../src/engines/tfjs/index.js';
import { assertClose, distinctValues, projectedGradients, randomNormal, sizeOf, TEST_BACKENDS, useBackend } from './helpers.js';
import { convOutputShape, outSize, type ConvGeometry } from './reference.js';

async function registerStockGradients(): Promise<boolean> {
  const specifier: string = '@tensorflow/tfjs-node';
  try {
    await import(specifier);
  } catch {
    return false;
  }
  return tf.getGradient('Conv2D') !== undefined;
}

const stockAvailable = await registerStockGradients();
const skip = stockAvailable ? false : '@tensorflow/tfjs (alias @tensorflow/tfjs-node) not installed: no stock gradients';

type Shape4 = [number, number, number, number];

/** Values and gradients of the stock tfjs ops on the cpu backend, then back to `backend`. */
async function onStockCpu<T>(backend: string, body: () => T): Promise<T> {
  await useBackend('cpu');
  try {
    return body();
  } finally {
    await useBackend(backend);
  }
}

const convGeometries: Array<ConvGeometry & { bias: boolean }> = [];
for (const kernel of [1, 3, 7])
  for (const stride of [1, 2])
    for (const [padding, h] of [[0, 9], [1, 8], [3, 7]] as const)
      convGeometries.push({ input: { n: 2, h, w: h + 1, c: 4 }, kernel, outChannels: 5, stride, padding, bias: kernel !== 3 });

for (const backend of TEST_BACKENDS) {
  describe(`ops vs stock tfjs cpu gradients, on ${backend}`, { skip }, () => {
    before(() => useBackend(backend));

    test('conv2d: forward and all gradients equal the stock cpu conv2d + bias add', async () => {
      for (const [index, g] of convGeometries.entries()) {
        const xShape: Shape4 = [g.input.n, g.input.h, g.input.w, g.input.c];
        const wShape: Shape4 = [g.kernel, g.kernel, g.input.c, g.outChannels];
        const data = [randomNormal(sizeOf(xShape), `sx${index}`), randomNormal(sizeOf(wShape), `sw${index}`, 0.3), randomNormal(g.outChannels, `sb${index}`)];
        const out = convOutputShape(g);
        const projection = randomNormal(out.n * out.h * out.w * out.c, `sr${index}`);
        const makeInputs = () => [tf.tensor4d(data[0]!, xShape), tf.tensor4d(data[1]!, wShape), ...(g.bias ? [tf.tensor1d(data[2]!)] : [])];
        const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [g.padding, g.padding], [g.padding, g.padding], [0, 0]];
        const stockF = (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => {
          const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, g.stride, pad);
          return b ? tf.add(y, b) : y;
        };
        const stock = await onStockCpu(backend, () => {
          const inputs = makeInputs();
          const result = projectedGradients(stockF, inputs, projection);
          tf.dispose(inputs);
          return result;
        });
        const inputs = makeInputs();
        const ours = projectedGradients((x, w, b) => conv2d(x as tf.Tensor4D, w as tf.Tensor4D, g.stride, g.padding, b as tf.Tensor1D | undefined), inputs, projection);
        tf.dispose(inputs);
        const label = `${backend} k${g.kernel} s${g.stride} p${g.padding}`;
        assertClose(ours.value, stock.value, `${label} forward`);
        assertClose(ours.grads[0]!, stock.grads[0]!, `${label} dx`);
        assertClose(ours.grads[1]!, stock.grads[1]!, `${label} dfilter`);
        if (g.bias) assertClose(ours.grads[2]!, stock.grads[2]!, `${label} dbias`);
      }
    });

    test('maxPool2d: equals the stock cpu max pool and its gradient on tie-free inputs', async () => {
      for (const [kernel, stride, padding, h] of [[3, 2, 1, 8], [3, 2, 1, 9], [2, 2, 0, 7], [3, 1, 1, 6], [2, 1, 1, 5]] as const) {
        const shape: Shape4 = [2, h, h + 1, 3];
        // Negative values: windows with a negative max are where wasm's stock MaxPoolGrad fails.
        const data = distinctValues(sizeOf(shape), `mp${kernel}${stride}${h}`);
        const outputs = 2 * outSize(h, kernel, stride, padding) * outSize(h + 1, kernel, stride, padding) * 3;
        const projection = randomNormal(outputs, `mpr${kernel}${h}`);
        const stock = await onStockCpu(backend, () => {
          const x = tf.tensor4d(data, shape);
          const result = projectedGradients((a) => tf.maxPool(a as tf.Tensor4D, kernel, stride, padding), [x], projection);
          x.dispose();
          return result;
        });
        const x = tf.tensor4d(data, shape);
        const ours = projectedGradients((a) => maxPool2d(a as tf.Tensor4D, kernel, stride, padding), [x], projection);
        x.dispose();
        assertClose(ours.value, stock.value, `k${kernel} s${stride} p${padding} forward`, 0, 0);
        // Not bit-exact where windows overlap: an input chosen by several windows sums their dy in another order.
        assertClose(ours.grads[0]!, stock.grads[0]!, `k${kernel} s${stride} p${padding} dx`, 1e-6, 0);
      }
    });
  });
}

describe('stock wasm kernels that the ops work around', { skip }, () => {
  before(() => useBackend('wasm'));

  test('MaxPoolGrad routes a window whose max is negative to its first element; maxPool2d does not', () => {
    // One 2x2 window: max -0.1 at index 1. cpu (and PyTorch) put dy there; wasm 4.22 puts it at index 0.
    const x = tf.tensor4d([-0.5, -0.1, -0.2, -0.3], [1, 2, 2, 1]);
    const stock = tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 0))(x);
    assert.deepEqual(Array.from(stock.dataSync()), [1, 0, 0, 0], 'stock wasm MaxPoolGrad (if this fails, the bug was fixed)');
    const ours = tf.grad((a: tf.Tensor) => maxPool2d(a as tf.Tensor4D, 2, 2, 0))(x);
    assert.deepEqual(Array.from(ours.dataSync()), [0, 1, 0, 0]);
    tf.dispose([x, stock, ours]);
  });

  test('Conv2DBackpropFilter is missing', () => {
    const x = tf.ones([1, 4, 4, 2]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 2, 2]) as tf.Tensor4D;
    assert.throws(() => tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, 1, 'same'))(w), /Conv2DBackpropFilter/);
    tf.dispose([x, w]);
  });

  test("OneHot with dtype float32 writes int32 bits (1 reads as 1.4e-45); crossEntropySum avoids it", () => {
    const labels = tf.tensor1d([2, 0], 'int32');
    const stock = tf.oneHot(labels, 3, 1, 0, 'float32');
    assert.deepEqual(Array.from(stock.dataSync()), [0, 0, 1.401298464324817e-45, 1.401298464324817e-45, 0, 0], 'if this fails, the bug was fixed');
    const logits = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const loss = crossEntropySum(logits, labels);
    const expected = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3 + Math.log(Math.exp(4) + Math.exp(5) + Math.exp(6)) - 4;
    assert.ok(Math.abs(loss.dataSync()[0]! - expected) < 1e-5);
    tf.dispose([labels, stock, logits, loss]);
  });
});
