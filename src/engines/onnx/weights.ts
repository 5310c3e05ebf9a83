/**
 * Weight arithmetic done once, on the host, while compiling: BatchNorm (eval mode) folded into the
 * conv before it or turned into a per-channel scale and shift, and the flipped, transposed filters
 * that turn a stride-1 conv's input gradient into an ordinary (fast) Conv.
 * Sums are taken in float64 and rounded to float32 once.
 */
import type { BatchNormNode, ChannelAffineNode, Conv2dNode } from '../../models/graph.js';
import type { HostTensor, ParamsMap } from '../../tensor.js';
import { shapeToString } from '../../tensor.js';

export function requireParam(params: ParamsMap, name: string, shape: readonly number[]): HostTensor {
  const tensor = params.get(name);
  if (!tensor) throw new Error(`Parameter "${name}" is missing: load weights with matchParams() first.`);
  if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`Parameter "${name}" has shape ${shapeToString(tensor.shape)}, expected ${shapeToString(shape)}.`);
  }
  return tensor;
}

/** Eval-mode BatchNorm (or a plain affine) as y = x * scale + shift per channel, the form PyTorch's CPU kernel uses. */
export interface ChannelAffine {
  readonly scale: Float64Array;
  readonly shift: Float64Array;
}

export function channelAffineOf(params: ParamsMap, node: BatchNormNode | ChannelAffineNode): ChannelAffine {
  if (node.op === 'affine') {
    const shape = [node.channels];
    return { scale: Float64Array.from(requireParam(params, `${node.name}.weight`, shape).data), shift: Float64Array.from(requireParam(params, `${node.name}.bias`, shape).data) };
  }
  return batchNormAffine(params, node);
}

export function batchNormAffine(params: ParamsMap, bn: BatchNormNode): ChannelAffine {
  const shape = [bn.channels];
  const gamma = requireParam(params, `${bn.name}.weight`, shape).data;
  const beta = requireParam(params, `${bn.name}.bias`, shape).data;
  const mean = requireParam(params, `${bn.name}.running_mean`, shape).data;
  const variance = requireParam(params, `${bn.name}.running_var`, shape).data;
  const scale = new Float64Array(bn.channels);
  const shift = new Float64Array(bn.channels);
  for (let c = 0; c < bn.channels; c++) {
    scale[c] = gamma[c]! / Math.sqrt(variance[c]! + bn.eps);
    shift[c] = beta[c]! - mean[c]! * scale[c]!;
  }
  return { scale, shift };
}

export interface ConvWeights {
  /** [out, in, k, k], PyTorch/ONNX layout. */
  readonly weight: Float32Array;
  /** [out], or undefined for a conv without bias and no BatchNorm folded in. */
  readonly bias?: Float32Array;
}

/**
 * The conv's weights, with the BatchNorm (or affine) after it folded in when given:
 * W' = W * scale[o], b' = b * scale[o] + shift[o].
 */
export function convWeights(params: ParamsMap, conv: Conv2dNode, bn?: BatchNormNode | ChannelAffineNode): ConvWeights {
  const shape = [conv.outChannels, conv.inChannels, conv.kernel, conv.kernel];
  const weight = requireParam(params, `${conv.name}.weight`, shape).data;
  const bias = conv.bias ? requireParam(params, `${conv.name}.bias`, [conv.outChannels]).data : undefined;
  if (!bn) return { weight, bias };
  if (bn.channels !== conv.outChannels) throw new Error(`${bn.op === 'affine' ? 'Affine' : 'BatchNorm'} ${bn.name} has ${bn.channels} channels but ${conv.name} outputs ${conv.outChannels}.`);
  const { scale, shift } = channelAffineOf(params, bn);
  const perFilter = conv.inChannels * conv.kernel * conv.kernel;
  const folded = new Float32Array(weight.length);
  const foldedBias = new Float32Array(conv.outChannels);
  for (let o = 0; o < conv.outChannels; o++) {
    const s = scale[o]!;
    for (let i = o * perFilter; i < (o + 1) * perFilter; i++) folded[i] = weight[i]! * s;
    foldedBias[o] = (bias ? bias[o]! : 0) * s + shift[o]!;
  }
  return { weight: folded, bias: foldedBias };
}

/**
 * W [out, in, k, k] -> Wt [in, out, k, k] rotated by 180 degrees: Wt[i, o, a, b] = W[o, i, k-1-a, k-1-b].
 * For stride 1, dL/dx = Conv(dL/dy, Wt, pad k-1-p): the transposed conv as a forward conv.
 */
export function flippedTransposedFilters(weight: Float32Array, outChannels: number, inChannels: number, kernel: number): Float32Array {
  const area = kernel * kernel;
  const flipped = new Float32Array(weight.length);
  for (let o = 0; o < outChannels; o++) {
    for (let i = 0; i < inChannels; i++) {
      const from = (o * inChannels + i) * area;
      const to = (i * outChannels + o) * area;
      for (let a = 0; a < area; a++) flipped[to + area - 1 - a] = weight[from + a]!;
    }
  }
  return flipped;
}

