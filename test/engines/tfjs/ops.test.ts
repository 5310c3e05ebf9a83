/**
 * The tfjs ops against float64 references (forward, and gradients by exact adjoints or central
 * differences), on the cpu and wasm backends. This file never loads @tensorflow/tfjs, so no stock
 * gradient is registered: the ops must differentiate on their own (stock-gradients.test.ts compares
 * with the stock tfjs gradients instead).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import {
  add,
  batchNormEval,
  batchNormTrain,
  conv2d,
  crossEntropySum,
  globalAvgPool,
  linear,
  maxPool2d,
  normalizeChannels,
  relu,
} from '../../../src/engines/tfjs/index.js';
import {
  assertClose,
  assertNoLeak,
  distinctValues,
  maxAbs,
  projectedGradients,
  randomNormal,
  sizeOf,
  TEST_BACKENDS,
  useBackend,
} from './helpers.js';
import {
  batchNormReference,
  channelStatistics,
  conv2dReference,
  conv2dReferenceGradients,
  convOutputShape,
  crossEntropySumReference,
  dot,
  finiteDifferenceGradient,
  globalAvgPoolReference,
  linearReference,
  maxPoolReference,
  maxPoolReferenceGradient,
  type ConvGeometry,
  type Nhwc,
  type PoolGeometry,
} from './reference.js';

const shapeOf = (s: Nhwc): [number, number, number, number] => [s.n, s.h, s.w, s.c];

interface ConvCase extends ConvGeometry {
  readonly bias: boolean;
}

/** Kernels 1/3/7, strides 1/2, paddings 0/1/3, odd and even sizes (incl. (H+2p-k) % s != 0), varied channels, bias on/off. */
function convCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  for (const kernel of [1, 3, 7])
    for (const stride of [1, 2])
      for (const padding of [0, 1, 3])
        for (const h of [7, 8, 9]) {
          const index = cases.length;
          const w = h - 1 + (index % 3); // non-square too
          if (h + 2 * padding < kernel || w + 2 * padding < kernel) continue;
          cases.push({
            input: { n: 2, h, w, c: 3 + (index % 4) },
            kernel,
            outChannels: 4 + ((index * 3) % 5),
            stride,
            padding,
            bias: index % 2 === 0,
          });
        }
  return cases;
}

const describeConv = (g: ConvCase) =>
  `k${g.kernel} s${g.stride} p${g.padding} ${g.input.h}x${g.input.w}x${g.input.c}->${g.outChannels}${g.bias ? ' +bias' : ''}`;

function poolCases(): PoolGeometry[] {
  const cases: PoolGeometry[] = [];
  for (const kernel of [2, 3])
    for (const stride of [1, 2])
      for (const padding of [0, 1])
        for (const h of [7, 8, 9]) cases.push({ input: { n: 2, h, w: h + (h % 2), c: 3 }, kernel, stride, padding });
  cases.push({ input: { n: 2, h: 9, w: 8, c: 2 }, kernel: 3, stride: 3, padding: 1 });
  cases.push({ input: { n: 1, h: 8, w: 8, c: 2 }, kernel: 1, stride: 2, padding: 0 });
  cases.push({ input: { n: 2, h: 11, w: 10, c: 4 }, kernel: 5, stride: 2, padding: 2 });
  return cases;
}

const describePool = (g: PoolGeometry) => `k${g.kernel} s${g.stride} p${g.padding} ${g.input.h}x${g.input.w}x${g.input.c}`;

/** Gradients of the float32 op by central differences (eps 1e-2) at a few coordinates of input `which`. */
function float32FiniteDifferences(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], which: number, projection: ArrayLike<number>, coordinates: number[]): number[] {
  const eps = 1e-2;
  const base = Float32Array.from(inputs[which]!.dataSync());
  const valueAt = (values: Float32Array) =>
    tf.tidy(() => {
      const args = inputs.map((t, i) => (i === which ? tf.tensor(values, t.shape) : t));
      return dot(f(...args).dataSync(), projection);
    });
  return coordinates.map((i) => {
    const up = base.slice();
    const down = base.slice();
    up[i]! += eps;
    down[i]! -= eps;
    return (valueAt(up) - valueAt(down)) / (2 * eps);
  });
}

function sampleCoordinates(count: number, size: number, seed: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(((i * 7919 + seed * 104729) % 1000003) / 1000003 * size));
}

for (const backend of TEST_BACKENDS) {
  describe(`tfjs ops on ${backend}`, () => {
    before(() => useBackend(backend));

    test('no stock gradient is registered: tfjs-core alone cannot differentiate Relu/Conv2D/Add', () => {
      for (const kernel of ['Relu', 'Conv2D', 'Add', 'MaxPool']) assert.equal(tf.getGradient(kernel), undefined, kernel);
    });

    test('conv2d: forward, d/dx, d/dfilter, d/dbias match the float64 reference on 54 geometries', () => {
      for (const [index, g] of convCases().entries()) {
        const label = `${backend} conv ${describeConv(g)}`;
        const out = convOutputShape(g);
        const xData = randomNormal(sizeOf(shapeOf(g.input)), `x${index}`);
        const filterData = randomNormal(g.kernel * g.kernel * g.input.c * g.outChannels, `w${index}`, 0.3);
        const biasData = randomNormal(g.outChannels, `b${index}`);
        const projection = randomNormal(sizeOf(shapeOf(out)), `r${index}`);
        const inputs: tf.Tensor[] = [tf.tensor4d(xData, shapeOf(g.input)), tf.tensor4d(filterData, [g.kernel, g.kernel, g.input.c, g.outChannels])];
        if (g.bias) inputs.push(tf.tensor1d(biasData));
        const f = (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => conv2d(x as tf.Tensor4D, w as tf.Tensor4D, g.stride, g.padding, b as tf.Tensor1D | undefined);
        const { value, grads } = assertNoLeak(label, () => projectedGradients(f, inputs, projection));
        tf.dispose(inputs);

        assertClose(value, conv2dReference(g, xData, filterData, g.bias ? biasData : undefined), `${label} forward`);
        const expected = conv2dReferenceGradients(g, xData, filterData, projection);
        assertClose(grads[0]!, expected.dx, `${label} dx`);
        assertClose(grads[1]!, expected.dFilter, `${label} dfilter`);
        if (g.bias) assertClose(grads[2]!, expected.dBias, `${label} dbias`);
      }
    });

    test('conv2d: gradients agree with float32 central differences', () => {
      const cases = convCases().filter((g) => g.kernel > 1 && g.bias).slice(0, 4);
      for (const [index, g] of cases.entries()) {
        const label = `${backend} conv FD ${describeConv(g)}`;
        const inputs = [
          tf.tensor4d(randomNormal(sizeOf(shapeOf(g.input)), `fdx${index}`), shapeOf(g.input)),
          tf.tensor4d(randomNormal(g.kernel * g.kernel * g.input.c * g.outChannels, `fdw${index}`, 0.3), [g.kernel, g.kernel, g.input.c, g.outChannels]),
          tf.tensor1d(randomNormal(g.outChannels, `fdb${index}`)),
        ];
        const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => conv2d(x as tf.Tensor4D, w as tf.Tensor4D, g.stride, g.padding, b as tf.Tensor1D);
        const projection = randomNormal(sizeOf(shapeOf(convOutputShape(g))), `fdr${index}`);
        const { grads } = projectedGradients(f, inputs, projection);
        for (const which of [0, 1, 2]) {
          const coordinates = sampleCoordinates(8, inputs[which]!.size, which + index);
          const numeric = float32FiniteDifferences(f, inputs, which, projection, coordinates);
          const analytic = coordinates.map((i) => grads[which]![i]!);
          assertClose(analytic, numeric, `${label} input ${which}`, 2e-3, 2e-3);
        }
        tf.dispose(inputs);
      }
    });

    test('conv2d: the gradient w.r.t. the image alone runs no filter-gradient conv (lazy gradients)', async () => {
      const x = tf.tensor4d(randomNormal(2 * 8 * 8 * 3, 'lazy-x'), [2, 8, 8, 3]);
      const w = tf.tensor4d(randomNormal(3 * 3 * 3 * 4, 'lazy-w'), [3, 3, 3, 4]);
      const convCount = async (wrt: 'x' | 'both') => {
        const info = await tf.profile(() => {
          const grads = wrt === 'x' ? [tf.grad((a: tf.Tensor) => conv2d(a as tf.Tensor4D, w, 1, 1))(x)] : tf.grads((a: tf.Tensor, b: tf.Tensor) => conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 1))([x, w]);
          tf.dispose(grads);
        });
        return info.kernels.filter((k) => k.name === 'Conv2D').length;
      };
      assert.equal(await convCount('x'), 2, 'forward + input gradient');
      assert.equal(await convCount('both'), 3, 'forward + input gradient + filter gradient');
      tf.dispose([x, w]);
    });

    test('maxPool2d: forward and gradient match the float64 reference, tie-free and with many ties', () => {
      for (const [index, g] of poolCases().entries()) {
        for (const kind of ['distinct', 'ties'] as const) {
          const label = `${backend} maxpool ${describePool(g)} ${kind}`;
          const size = sizeOf(shapeOf(g.input));
          // Ties: small integers, so most windows hold their max several times.
          const xData = kind === 'distinct' ? distinctValues(size, `p${index}`) : randomNormal(size, `p${index}`).map((v) => Math.round(v));
          const reference = maxPoolReference(g, xData);
          const projection = randomNormal(reference.y.length, `pr${index}`);
          const x = tf.tensor4d(xData, shapeOf(g.input));
          const f = (a: tf.Tensor) => maxPool2d(a as tf.Tensor4D, g.kernel, g.stride, g.padding);
          const { value, grads } = assertNoLeak(label, () => projectedGradients(f, [x], projection));
          x.dispose();
          assertClose(value, reference.y, `${label} forward`, 0, 0);
          assertClose(grads[0]!, maxPoolReferenceGradient(g, xData, projection), `${label} dx`);
        }
      }
    });

    test('maxPool2d ties: the gradient goes to the first max in row-major window order, as in PyTorch 1.13', () => {
      // Computed with /usr/bin/python3, torch 1.13: x below as [1,1,5,5], y = max_pool2d(x, k, s, p),
      // y.backward(2 ** arange(y.numel())) so each input's gradient spells which windows chose it.
      const x = [3, 1, 3, 0, 2, 3, 3, 2, 2, 2, 0, 3, 1, 3, 1, 2, 2, 2, 0, 3, 1, 3, 0, 3, 3];
      const torchGradients: Array<[number, number, number, number[]]> = [
        [3, 2, 1, [1, 0, 2, 0, 4, 8, 16, 0, 0, 0, 0, 0, 0, 32, 0, 0, 0, 0, 0, 256, 0, 192, 0, 0, 0]],
        [2, 1, 0, [1, 0, 6, 0, 8, 16, 32, 0, 0, 0, 0, 768, 0, 3264, 0, 0, 0, 0, 0, 32768, 0, 12288, 0, 16384, 0]],
        [3, 1, 1, [99, 0, 396, 0, 16, 3072, 4096, 0, 0, 0, 0, 229376, 0, 811520, 0, 0, 0, 0, 0, 25165824, 0, 7340032, 0, 0, 0]],
      ];
      for (const [kernel, stride, padding, expected] of torchGradients) {
        const g: PoolGeometry = { input: { n: 1, h: 5, w: 5, c: 1 }, kernel, stride, padding };
        const outputs = maxPoolReference(g, x).y.length;
        const dy = Array.from({ length: outputs }, (_, i) => 2 ** i);
        // The reference reproduces PyTorch (so the random-tie cases above test PyTorch's rule) ...
        assert.deepEqual(Array.from(maxPoolReferenceGradient(g, x, dy)), expected);
        // ... and so does the op.
        const input = tf.tensor4d(x, [1, 5, 5, 1]);
        const { grads } = projectedGradients((a) => maxPool2d(a as tf.Tensor4D, kernel, stride, padding), [input], dy);
        input.dispose();
        assert.deepEqual(Array.from(grads[0]!), expected, `${backend} k${kernel} s${stride} p${padding}`);
      }
    });

    test('maxPool2d: -Infinity padding never leaks NaN, negative inputs pool correctly', () => {
      const x = tf.tensor4d(randomNormal(2 * 6 * 6 * 2, 'neg').map((v) => -5 - Math.abs(v)), [2, 6, 6, 2]);
      const { value, grads } = projectedGradients((a) => maxPool2d(a as tf.Tensor4D, 3, 2, 1), [x], randomNormal(2 * 3 * 3 * 2, 'negr'));
      x.dispose();
      assert.ok(value.every((v) => v < -5), 'padding must not win the max');
      assert.ok(grads[0]!.every(Number.isFinite), 'gradient must be finite');
    });

    test('batchNormEval: forward and gradients w.r.t. x, gamma, beta, mean, variance', () => {
      const shape: [number, number, number, number] = [2, 4, 3, 5];
      const c = shape[3];
      const data = [
        randomNormal(sizeOf(shape), 'bn-x', 2),
        randomNormal(c, 'bn-g'),
        randomNormal(c, 'bn-b'),
        randomNormal(c, 'bn-m'),
        randomNormal(c, 'bn-v').map((v) => 0.5 + Math.abs(v)),
      ] as const;
      const eps = 1e-5;
      const projection = randomNormal(sizeOf(shape), 'bn-r');
      const inputs = [tf.tensor4d(data[0], shape), ...data.slice(1).map((d) => tf.tensor1d(d))];
      const f = (...xs: tf.Tensor[]) => batchNormEval(xs[0] as tf.Tensor4D, xs[1] as tf.Tensor1D, xs[2] as tf.Tensor1D, xs[3] as tf.Tensor1D, xs[4] as tf.Tensor1D, eps);
      const { value, grads } = assertNoLeak('batchNormEval', () => projectedGradients(f, inputs, projection));
      tf.dispose(inputs);
      assertClose(value, batchNormReference(data[0], c, data[1], data[2], data[3], data[4], eps), 'forward');
      const asDouble = data.map((d) => Float64Array.from(d));
      data.forEach((_, which) => {
        const loss = (values: Float64Array) => {
          const args = asDouble.map((d, i) => (i === which ? values : d));
          return dot(batchNormReference(args[0]!, c, args[1]!, args[2]!, args[3]!, args[4]!, eps), projection);
        };
        assertClose(grads[which]!, finiteDifferenceGradient(loss, asDouble[which]!), `gradient ${which}`, 1e-4, 1e-5);
      });
    });

    test('batchNormTrain: batch statistics (biased and unbiased variance) and gradients through every output', () => {
      const shape: [number, number, number, number] = [3, 3, 2, 4];
      const c = shape[3];
      const xData = randomNormal(sizeOf(shape), 'bnt-x', 3).map((v, i) => v + (i % c));
      const gamma = randomNormal(c, 'bnt-g');
      const beta = randomNormal(c, 'bnt-b');
      const eps = 1e-5;
      const stats = channelStatistics(xData, c);
      const referenceOutputs = (x: Float64Array, g: ArrayLike<number>, b: ArrayLike<number>) => {
        const s = channelStatistics(x, c);
        const unbiased = s.variance.map((v) => (v * s.count) / (s.count - 1));
        return [batchNormReference(x, c, g, b, s.mean, s.variance, eps), s.mean, s.variance, unbiased] as const;
      };
      const inputs = [tf.tensor4d(xData, shape), tf.tensor1d(gamma), tf.tensor1d(beta)];
      const outputNames = ['y', 'mean', 'variance', 'unbiasedVariance'] as const;
      outputNames.forEach((name, output) => {
        const expected = referenceOutputs(Float64Array.from(xData), gamma, beta);
        const projection = randomNormal(expected[output].length, `bnt-r${output}`);
        const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => batchNormTrain(x as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D, eps)[name];
        const { value, grads } = assertNoLeak(`batchNormTrain ${name}`, () => projectedGradients(f, inputs, projection));
        assertClose(value, expected[output], `${name} forward`, 1e-5, 1e-5);
        const point = [Float64Array.from(xData), Float64Array.from(gamma), Float64Array.from(beta)];
        point.forEach((_, which) => {
          const loss = (values: Float64Array) => {
            const args = point.map((d, i) => (i === which ? values : d));
            return dot(referenceOutputs(args[0]!, args[1]!, args[2]!)[output], projection);
          };
          const numeric = finiteDifferenceGradient(loss, point[which]!);
          assertClose(grads[which]!, numeric, `${name} gradient ${which}`, 1e-4, 1e-5);
        });
      });
      tf.dispose(inputs);
      assert.ok(maxAbs(stats.variance) > 0);
    });

    test('relu, add and normalizeChannels differentiate without registered gradients', () => {
      const shape: [number, number, number, number] = [2, 3, 3, 3];
      const a = randomNormal(sizeOf(shape), 'ew-a');
      const b = randomNormal(sizeOf(shape), 'ew-b');
      const r = randomNormal(sizeOf(shape), 'ew-r');
      const [ta, tb] = [tf.tensor4d(a, shape), tf.tensor4d(b, shape)];
      const reluResult = assertNoLeak('relu', () => projectedGradients((x) => relu(x), [ta], r));
      assertClose(reluResult.value, a.map((v) => Math.max(v, 0)), 'relu forward', 0, 0);
      assertClose(reluResult.grads[0]!, a.map((v, i) => (v > 0 ? r[i]! : 0)), 'relu gradient', 0, 0);
      const addResult = assertNoLeak('add', () => projectedGradients((x, y) => add(x, y), [ta, tb], r));
      assertClose(addResult.value, a.map((v, i) => v + b[i]!), 'add forward', 0, 0);
      assertClose(addResult.grads[0]!, r, 'add gradient a', 0, 0);
      assertClose(addResult.grads[1]!, r, 'add gradient b', 0, 0);
      // x + x: both gradients land on the same tensor.
      const doubled = projectedGradients((x) => add(x, x), [ta], r);
      assertClose(doubled.grads[0]!, r.map((v) => 2 * v), 'add(x, x) gradient', 0, 0);
      const mean = [0.6389, 0.4773, 0.4056];
      const std = [0.2343, 0.1996, 0.1831];
      const normResult = assertNoLeak('normalize', () => projectedGradients((x) => normalizeChannels(x as tf.Tensor4D, mean, std), [ta], r));
      assertClose(normResult.value, a.map((v, i) => (v - mean[i % 3]!) / std[i % 3]!), 'normalize forward');
      assertClose(normResult.grads[0]!, r.map((v, i) => v / std[i % 3]!), 'normalize gradient');
      assert.throws(() => add(ta, tf.zeros([2, 3, 3, 1])), /shapes \[2,3,3,3\] and \[2,3,3,1\] differ/);
      tf.dispose([ta, tb]);
    });

    test('globalAvgPool, linear and crossEntropySum: forward and gradients', () => {
      const s: Nhwc = { n: 3, h: 4, w: 5, c: 6 };
      const x = randomNormal(sizeOf(shapeOf(s)), 'gap-x');
      const r = randomNormal(s.n * s.c, 'gap-r');
      const xt = tf.tensor4d(x, shapeOf(s));
      const gap = assertNoLeak('globalAvgPool', () => projectedGradients((a) => globalAvgPool(a as tf.Tensor4D), [xt], r));
      xt.dispose();
      assertClose(gap.value, globalAvgPoolReference(x, s), 'gap forward');
      assertClose(gap.grads[0]!, finiteDifferenceGradient((v) => dot(globalAvgPoolReference(v, s), r), x), 'gap gradient', 1e-5, 1e-6);

      const [batch, inF, outF] = [3, 6, 5];
      const data = [randomNormal(batch * inF, 'lin-x'), randomNormal(inF * outF, 'lin-w'), randomNormal(outF, 'lin-b')] as const;
      const rl = randomNormal(batch * outF, 'lin-r');
      const inputs = [tf.tensor2d(data[0], [batch, inF]), tf.tensor2d(data[1], [inF, outF]), tf.tensor1d(data[2])];
      const lin = assertNoLeak('linear', () => projectedGradients((a, w, b) => linear(a as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), inputs, rl));
      tf.dispose(inputs);
      assertClose(lin.value, linearReference(data[0], batch, data[1], inF, outF, data[2]), 'linear forward');
      const point = data.map((d) => Float64Array.from(d));
      point.forEach((_, which) => {
        const loss = (v: Float64Array) => {
          const args = point.map((d, i) => (i === which ? v : d));
          return dot(linearReference(args[0]!, batch, args[1]!, inF, outF, args[2]!), rl);
        };
        assertClose(lin.grads[which]!, finiteDifferenceGradient(loss, point[which]!), `linear gradient ${which}`, 1e-5, 1e-6);
      });

      const classes = 7;
      const logitsData = randomNormal(batch * classes, 'ce-z', 3);
      const labelsData = [2, 0, 6];
      const logits = tf.tensor2d(logitsData, [batch, classes]);
      const labels = tf.tensor1d(labelsData, 'int32');
      const ce = assertNoLeak('crossEntropySum', () => projectedGradients((z) => crossEntropySum(z as tf.Tensor2D, labels), [logits], [1]));
      const expectedLoss = crossEntropySumReference(logitsData, classes, labelsData);
      assertClose(ce.value, [expectedLoss], 'cross-entropy value', 1e-6, 1e-6);
      const numeric = finiteDifferenceGradient((v) => crossEntropySumReference(v, classes, labelsData), logitsData);
      assertClose(ce.grads[0]!, numeric, 'cross-entropy gradient (softmax - onehot)', 1e-5, 1e-6);
      assert.throws(() => crossEntropySum(logits, tf.tensor1d([0, 1, 7], 'int32')), /label 7 outside 0\.\.6/);
      assert.throws(() => crossEntropySum(logits, tf.tensor1d([0, 1, 2], 'float32')), /labels must be int32 \[3\]/);
      tf.dispose([logits, labels]);
    });

    test('a small ResNet (normalize, conv s2, BN, ReLU, max pool, residual, pool, linear, CE): image gradient = float64 finite differences', () => {
      const net = smallResNet();
      const pixels = randomNormal(sizeOf(net.inputShape), 'net-x', 0.3).map((v) => 0.5 + v);
      const x = tf.tensor4d(pixels, net.inputShape);
      const labels = tf.tensor1d(net.labels, 'int32');
      const params = net.tensors();
      const { value, grads } = assertNoLeak('network', () => projectedGradients((input) => net.loss(input as tf.Tensor4D, params, labels), [x], [1]));
      const reference = (v: Float64Array) => net.referenceLoss(v);
      assertClose(value, [reference(Float64Array.from(pixels))], 'loss', 1e-5, 1e-5);
      assertClose(grads[0]!, finiteDifferenceGradient(reference, pixels, 1e-5), 'd loss / d pixels', 1e-3, 1e-5);
      tf.dispose([x, labels, ...Object.values(params)]);
    });
  });
}

/** conv1 (3->4, k3 s2 p1) + BN + ReLU + maxpool(3,2,1) + [conv (4->4, k3 p1, bias) + ReLU] + identity, pool, fc (4->5). */
function smallResNet() {
  const inputShape: [number, number, number, number] = [2, 13, 12, 3];
  const labels = [3, 1];
  const mean = [0.6389, 0.4773, 0.4056];
  const std = [0.2343, 0.1996, 0.1831];
  const data = {
    w1: randomNormal(3 * 3 * 3 * 4, 'net-w1', 0.4),
    gamma: randomNormal(4, 'net-g').map((v) => 1 + 0.2 * v),
    beta: randomNormal(4, 'net-b', 0.2),
    runMean: randomNormal(4, 'net-m', 0.2),
    runVar: randomNormal(4, 'net-v').map((v) => 0.5 + Math.abs(v)),
    w2: randomNormal(3 * 3 * 4 * 4, 'net-w2', 0.3),
    b2: randomNormal(4, 'net-b2', 0.1),
    fcW: randomNormal(4 * 5, 'net-fw'),
    fcB: randomNormal(5, 'net-fb'),
  };
  const g1: ConvGeometry = { input: { n: 2, h: 13, w: 12, c: 3 }, kernel: 3, outChannels: 4, stride: 2, padding: 1 };
  const s1 = convOutputShape(g1);
  const pool: PoolGeometry = { input: s1, kernel: 3, stride: 2, padding: 1 };
  const pooled = maxPoolReference(pool, new Float64Array(sizeOf(shapeOf(s1)))).shape;
  const g2: ConvGeometry = { input: pooled, kernel: 3, outChannels: 4, stride: 1, padding: 1 };
  const reluArray = (v: Float64Array) => v.map((e) => Math.max(e, 0));

  const tensors = () => ({
    w1: tf.tensor4d(data.w1, [3, 3, 3, 4]),
    gamma: tf.tensor1d(data.gamma),
    beta: tf.tensor1d(data.beta),
    runMean: tf.tensor1d(data.runMean),
    runVar: tf.tensor1d(data.runVar),
    w2: tf.tensor4d(data.w2, [3, 3, 4, 4]),
    b2: tf.tensor1d(data.b2),
    fcW: tf.tensor2d(data.fcW, [4, 5]),
    fcB: tf.tensor1d(data.fcB),
  });
  type Params = ReturnType<typeof tensors>;
  const loss = (x: tf.Tensor4D, p: Params, y: tf.Tensor1D) => {
    const stem = relu(batchNormEval(conv2d(normalizeChannels(x, mean, std), p.w1, 2, 1), p.gamma, p.beta, p.runMean, p.runVar, 1e-5));
    const pooledT = maxPool2d(stem, 3, 2, 1);
    const block = relu(add(relu(conv2d(pooledT, p.w2, 1, 1, p.b2)), pooledT));
    return crossEntropySum(linear(globalAvgPool(block), p.fcW, p.fcB), y);
  };
  const referenceLoss = (pixels: Float64Array) => {
    const normalised = pixels.map((v, i) => (v - mean[i % 3]!) / std[i % 3]!);
    const conv1 = conv2dReference(g1, normalised, data.w1);
    const stem = reluArray(batchNormReference(conv1, 4, data.gamma, data.beta, data.runMean, data.runVar, 1e-5));
    const pooledV = maxPoolReference(pool, stem).y;
    const inner = reluArray(conv2dReference(g2, pooledV, data.w2, data.b2));
    const block = reluArray(inner.map((v, i) => v + pooledV[i]!));
    const features = globalAvgPoolReference(block, pooled);
    return crossEntropySumReference(linearReference(features, 2, data.fcW, 4, 5, data.fcB), 5, labels);
  };
  return { inputShape, labels, tensors, loss, referenceLoss };
}
