/**
 * Runs a model description on tfjs: the params map (PyTorch layout) is moved to tfjs tensors once,
 * in tfjs layout, and the layers are executed with the PyTorch-semantics ops of ./ops.ts, whose
 * gradients are correct on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerNode, ModelSpec, NetworkSpec } from '../../models/graph.js';
import { parameterShapes } from '../../models/graph.js';
import type { HostTensor, ParamsMap } from '../../tensor.js';
import type { Classifier, ImageBatch, LossGradient } from '../types.js';
import { checkBatch, checkLabels } from '../validate.js';
import { currentBackend } from './backend.js';
import { add, avgPool2d, batchNormEval, batchNormTrain, channelAffine, conv2d, crossEntropySum, globalAvgPool, linear, maxPool2d, normalizeChannels, relu, zeroPad } from './ops.js';

/** Params as tfjs tensors, keyed by PyTorch names, in tfjs layout (conv HWIO, linear [in,out]). */
export type TfjsParams = Map<string, tf.Tensor>;

/** Moves a PyTorch-layout params map to tfjs tensors in tfjs layout. The caller owns the tensors. */
export function toTfjsParams(spec: NetworkSpec, params: ParamsMap): TfjsParams {
  const out: TfjsParams = new Map();
  const expected = parameterShapes(spec);
  for (const [name, shape] of expected) {
    const host = params.get(name);
    if (!host) throw new Error(`Parameter "${name}" is missing: load weights with matchParams() first.`);
    out.set(name, tf.tidy(() => toTfjsLayout(host, shape.length)));
  }
  return out;
}

function toTfjsLayout(host: HostTensor, rank: number): tf.Tensor {
  const t = tf.tensor(host.data, [...host.shape], 'float32');
  if (rank === 4) return tf.transpose(t, [2, 3, 1, 0]); // OIHW -> HWIO
  if (rank === 2) return tf.transpose(t, [1, 0]); // [out,in] -> [in,out]
  return t;
}

/** Reads tfjs params back into a PyTorch-layout params map (e.g. to save a checkpoint). */
export async function toHostParams(params: TfjsParams): Promise<ParamsMap> {
  const out: ParamsMap = new Map();
  for (const [name, t] of params) {
    const pytorch = tf.tidy(() => (t.rank === 4 ? tf.transpose(t, [3, 2, 0, 1]) : t.rank === 2 ? tf.transpose(t, [1, 0]) : tf.clone(t)));
    try {
      out.set(name, { shape: pytorch.shape, data: (await pytorch.data()) as Float32Array });
    } finally {
      pytorch.dispose();
    }
  }
  return out;
}

function param<R extends tf.Rank>(params: TfjsParams, name: string): tf.Tensor<R> {
  const t = params.get(name);
  if (!t) throw new Error(`Parameter "${name}" is missing from the model's params.`);
  return t as tf.Tensor<R>;
}

/**
 * How a forward pass treats BatchNorm. Eval mode (the default) uses the running statistics; train
 * mode normalises by the batch statistics and hands them to `onBatchStatistics` so the trainer can
 * update the running statistics as PyTorch does.
 */
export interface ForwardMode {
  readonly training: boolean;
  readonly onBatchStatistics?: (name: string, mean: tf.Tensor1D, unbiasedVariance: tf.Tensor1D) => void;
}

const EVAL: ForwardMode = { training: false };

function runLayers(layers: readonly LayerNode[], input: tf.Tensor, params: TfjsParams, mode: ForwardMode): tf.Tensor {
  let x = input;
  for (const node of layers) x = runLayer(node, x, params, mode);
  return x;
}

function runLayer(node: LayerNode, x: tf.Tensor, params: TfjsParams, mode: ForwardMode): tf.Tensor {
  switch (node.op) {
    case 'conv2d':
      return conv2d(
        x as tf.Tensor4D,
        param<tf.Rank.R4>(params, `${node.name}.weight`),
        node.stride,
        node.padding,
        node.bias ? param<tf.Rank.R1>(params, `${node.name}.bias`) : undefined,
      );
    case 'batchnorm': {
      const gamma = param<tf.Rank.R1>(params, `${node.name}.weight`);
      const beta = param<tf.Rank.R1>(params, `${node.name}.bias`);
      if (mode.training) {
        const { y, mean, unbiasedVariance } = batchNormTrain(x as tf.Tensor4D, gamma, beta, node.eps);
        mode.onBatchStatistics?.(node.name, mean, unbiasedVariance);
        return y;
      }
      const mean = param<tf.Rank.R1>(params, `${node.name}.running_mean`);
      const variance = param<tf.Rank.R1>(params, `${node.name}.running_var`);
      return batchNormEval(x as tf.Tensor4D, gamma, beta, mean, variance, node.eps);
    }
    case 'affine':
      return channelAffine(x as tf.Tensor4D, param<tf.Rank.R1>(params, `${node.name}.weight`), param<tf.Rank.R1>(params, `${node.name}.bias`));
    case 'relu':
      return relu(x);
    case 'maxpool':
      return maxPool2d(x as tf.Tensor4D, node.kernel, node.stride, node.padding);
    case 'avgpool':
      return avgPool2d(x as tf.Tensor4D, node.kernel);
    case 'zeropad':
      return zeroPad(x as tf.Tensor4D, node.rows, node.cols, node.channels);
    case 'residual': {
      const body = runLayers(node.body, x, params, mode);
      const shortcut = node.shortcut.length > 0 ? runLayers(node.shortcut, x, params, mode) : x;
      return add(body, shortcut);
    }
    case 'globalavgpool':
      return globalAvgPool(x as tf.Tensor4D);
    case 'linear':
      return linear(x as tf.Tensor2D, param<tf.Rank.R2>(params, `${node.name}.weight`), node.bias ? param<tf.Rank.R1>(params, `${node.name}.bias`) : undefined);
  }
}

/** Normalises pixels in [0,1] with the model's mean/std, then runs every layer: logits [N, classes] (or embeddings). */
export function forwardLogits(spec: NetworkSpec, params: TfjsParams, pixels: tf.Tensor4D, mode: ForwardMode = EVAL): tf.Tensor2D {
  const { mean, std } = spec.normalization;
  return runLayers(spec.layers, normalizeChannels(pixels, mean, std), params, mode) as tf.Tensor2D;
}

/** The network's output on the batch (logits or embeddings), as a host array; no tensor is left behind. */
export async function forwardOutput(spec: NetworkSpec, params: TfjsParams, batch: ImageBatch): Promise<Float32Array> {
  const output = tf.tidy(() => forwardLogits(spec, params, batchTensor(batch)));
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}

/**
 * The network's output on the batch and d loss(output) / d pixels, under one tf.grad: the
 * output is kept from the same forward pass. Host arrays out; no tensor is left behind.
 */
export async function outputAndInputGradient(spec: NetworkSpec, params: TfjsParams, batch: ImageBatch, loss: (output: tf.Tensor2D) => tf.Scalar): Promise<{ output: Float32Array; gradient: Float32Array }> {
  const [output, gradient] = tf.tidy(() => {
    let kept: tf.Tensor2D | undefined;
    const grad = tf.grad((input: tf.Tensor) => {
      const out = forwardLogits(spec, params, input as tf.Tensor4D);
      kept = tf.keep(out.clone());
      return loss(out);
    })(batchTensor(batch));
    return [kept!, grad] as const;
  });
  try {
    const [outputData, gradientData] = await Promise.all([output.data(), gradient.data()]);
    return { output: outputData as Float32Array, gradient: gradientData as Float32Array };
  } finally {
    output.dispose();
    gradient.dispose();
  }
}

export function batchTensor(batch: ImageBatch): tf.Tensor4D {
  return tf.tensor4d(batch.pixels, [batch.count, batch.height, batch.width, 3], 'float32');
}

/** A model on tfjs, seen by attacks through logits and input gradients in [0,1] pixel space. */
export class TfjsClassifier implements Classifier {
  readonly engine: string;
  private disposed = false;

  private constructor(
    readonly spec: ModelSpec,
    readonly params: TfjsParams,
  ) {
    this.engine = `tfjs/${currentBackend()?.name ?? tf.getBackend()}`;
  }

  /** Builds the classifier from a PyTorch-layout params map (see weights/strict.ts matchParams). */
  static fromParams(spec: ModelSpec, params: ParamsMap): TfjsClassifier {
    return new TfjsClassifier(spec, toTfjsParams(spec, params));
  }

  async logits(batch: ImageBatch): Promise<Float32Array> {
    this.checkAlive();
    checkBatch(this.spec, batch);
    return forwardOutput(this.spec, this.params, batch);
  }

  async lossGradient(batch: ImageBatch, labels: Int32Array): Promise<LossGradient> {
    this.checkAlive();
    checkBatch(this.spec, batch);
    checkLabels(this.spec, batch, labels);
    const { output, gradient } = await outputAndInputGradient(this.spec, this.params, batch, (logits) => crossEntropySum(logits, tf.tensor1d(labels, 'int32')));
    return { logits: output, gradient };
  }

  dispose(): void {
    if (this.disposed) return;
    for (const t of this.params.values()) t.dispose();
    this.disposed = true;
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('This model was disposed; build a new one.');
  }
}
