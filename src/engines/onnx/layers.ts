/**
 * The layers of a ModelSpec as ONNX ops (NCHW), each paired with its hand-derived backward: a
 * function that, given the name of dL/d(output), adds the ops computing dL/d(input). Calling the
 * backward functions in reverse order writes the backward pass after the forward one, reading the
 * activations the forward saved (ReLU outputs, max-pool indices).
 */
import { windowedSize, type AvgPoolNode, type BatchNormNode, type ChannelAffineNode, type Conv2dNode, type LayerNode, type LinearNode, type MaxPoolNode, type ResidualNode, type ZeroPadNode } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import type { GraphBuilder } from './graph-builder.js';
import { attr, dataType } from './proto.js';
import { channelAffineOf, convWeights, flippedTransposedFilters, requireParam } from './weights.js';

/** A value of the graph with its static per-sample shape; the batch dimension N is dynamic. */
export interface Activation {
  readonly name: string;
  /** [C, H, W] for images, [features] after the global pool. */
  readonly shape: readonly number[];
}

/** Adds the ops computing dL/d(input) from the named dL/d(output); returns the new value's name. */
export type Backward = (gradient: string) => string;

export interface Emitted {
  readonly output: Activation;
  readonly backward: Backward;
}

export interface EmitContext {
  readonly graph: GraphBuilder;
  readonly params: ParamsMap;
  /** Whether the graph will also hold the backward: the forward then saves what it needs (max-pool indices). */
  readonly withGradient: boolean;
  /** Fold each BatchNorm or per-channel affine into the conv before it (see CompileOptions in compile.ts). */
  readonly foldBatchNorm: boolean;
  /** The dynamic batch size as a 1-element int64 tensor, for shapes of the form [N, ...]. */
  batchSize(): string;
}


export function emitLayers(ctx: EmitContext, layers: readonly LayerNode[], input: Activation): Emitted {
  const backwards: Backward[] = [];
  let x = input;
  for (let i = 0; i < layers.length; i++) {
    const node = layers[i]!;
    const next = layers[i + 1];
    let emitted: Emitted;
    if (node.op === 'conv2d' && ctx.foldBatchNorm && (next?.op === 'batchnorm' || next?.op === 'affine')) {
      emitted = emitConv(ctx, node, x, next);
      i++; // the BatchNorm (or affine) is inside the conv now
    } else if (node.op === 'relu' && next?.op === 'maxpool' && ctx.withGradient) {
      // max(relu(z)) == relu(max(z)) exactly, and so are their gradients (a window's first maximum is
      // the same when it is positive; otherwise both are zero): pooling first runs the ReLU backward
      // on the pooled quarter of the image.
      const pooled = emitMaxPool(ctx, next, x);
      const activated = emitRelu(ctx, pooled.output);
      emitted = { output: activated.output, backward: (gradient) => pooled.backward(activated.backward(gradient)) };
      i++;
    } else {
      emitted = emitLayer(ctx, node, x);
    }
    backwards.push(emitted.backward);
    x = emitted.output;
  }
  return { output: x, backward: (gradient) => backwards.reduceRight((g, backward) => backward(g), gradient) };
}

function emitLayer(ctx: EmitContext, node: LayerNode, x: Activation): Emitted {
  switch (node.op) {
    case 'conv2d':
      return emitConv(ctx, node, x);
    case 'batchnorm':
    case 'affine':
      return emitChannelAffine(ctx, node, x);
    case 'relu':
      return emitRelu(ctx, x);
    case 'maxpool':
      return emitMaxPool(ctx, node, x);
    case 'avgpool':
      return emitAvgPool(ctx, node, x);
    case 'zeropad':
      return emitZeroPad(ctx, node, x);
    case 'residual':
      return emitResidual(ctx, node, x);
    case 'globalavgpool':
      return emitGlobalAvgPool(ctx, x);
    case 'linear':
      return emitLinear(ctx, node, x);
  }
}

function imageShape(x: Activation, what: string): [number, number, number] {
  if (x.shape.length !== 3) throw new Error(`${what} needs an image input [C, H, W], got [${x.shape.join(', ')}]`);
  return x.shape as [number, number, number];
}

function emitConv(ctx: EmitContext, node: Conv2dNode, x: Activation, bn?: BatchNormNode | ChannelAffineNode): Emitted {
  const { graph } = ctx;
  const [channels, height, width] = imageShape(x, node.name);
  if (channels !== node.inChannels) throw new Error(`${node.name} expects ${node.inChannels} input channels, got ${channels}`);
  const { weight, bias } = convWeights(ctx.params, node, bn);
  const k = node.kernel;
  const w = graph.initializer(`${node.name}.weight${bn ? '+bn' : ''}`, weight, [node.outChannels, node.inChannels, k, k]);
  const b = bias ? [graph.initializer(`${node.name}.bias${bn ? '+bn' : ''}`, bias, [node.outChannels])] : [];
  const p = node.padding;
  const s = node.stride;
  const y = graph.op('Conv', [x.name, w, ...b], bn ? `${node.name}+${bn.name}` : node.name, {
    kernel_shape: attr.ints([k, k]),
    strides: attr.ints([s, s]),
    pads: attr.ints([p, p, p, p]),
  });
  const outH = windowedSize(height, k, s, p);
  const outW = windowedSize(width, k, s, p);

  const backward: Backward = (gradient) => {
    const label = `${node.name}.backward`;
    if (s === 1 && p <= k - 1) {
      // Stride 1: the transposed conv is a plain Conv with rotated, transposed filters (much faster than ConvTranspose).
      const flipped = graph.initializer(`${node.name}.weight${bn ? '+bn' : ''}.rot180T`, flippedTransposedFilters(weight, node.outChannels, node.inChannels, k), [node.inChannels, node.outChannels, k, k]);
      const q = k - 1 - p;
      return graph.op('Conv', [gradient, flipped], label, { kernel_shape: attr.ints([k, k]), pads: attr.ints([q, q, q, q]) });
    }
    // Rows/columns at the end that no window reached: ConvTranspose must still produce them (as zeros).
    const extraH = height + 2 * p - k - (outH - 1) * s;
    const extraW = width + 2 * p - k - (outW - 1) * s;
    return graph.op('ConvTranspose', [gradient, w], label, {
      kernel_shape: attr.ints([k, k]),
      strides: attr.ints([s, s]),
      pads: attr.ints([p, p, p, p]),
      output_padding: attr.ints([extraH, extraW]),
    });
  };
  return { output: { name: y, shape: [node.outChannels, outH, outW] }, backward };
}

/** A BatchNorm or affine not folded into a conv: y = x * scale + shift per channel. */
function emitChannelAffine(ctx: EmitContext, node: BatchNormNode | ChannelAffineNode, x: Activation): Emitted {
  const { graph } = ctx;
  const [channels] = imageShape(x, node.name);
  if (channels !== node.channels) throw new Error(`${node.name} expects ${node.channels} channels, got ${channels}`);
  const { scale, shift } = channelAffineOf(ctx.params, node);
  const dims = [node.channels, 1, 1];
  const scaleName = graph.initializer(`${node.name}.scale`, Float32Array.from(scale), dims);
  const shiftName = graph.initializer(`${node.name}.shift`, Float32Array.from(shift), dims);
  const scaled = graph.op('Mul', [x.name, scaleName], `${node.name}.scale`);
  const y = graph.op('Add', [scaled, shiftName], node.name);
  return {
    output: { name: y, shape: x.shape },
    backward: (gradient) => graph.op('Mul', [gradient, scaleName], `${node.name}.backward`),
  };
}

function emitRelu(ctx: EmitContext, x: Activation): Emitted {
  const { graph } = ctx;
  const label = `${x.name}.relu`;
  const y = graph.op('Relu', [x.name], label);
  const backward: Backward = (gradient) => {
    // PyTorch's threshold_backward: the gradient passes where the OUTPUT is > 0. A product with the
    // mask as 0/1 floats: ORT's Mul runs on every core, its Where (with a broadcast zero) on one.
    const open = graph.op('Greater', [y, graph.scalar(0)], `${label}.mask`);
    const mask = graph.op('Cast', [open], `${label}.mask.float`, { to: attr.int(dataType('float32')) });
    return graph.op('Mul', [gradient, mask], `${label}.backward`);
  };
  return { output: { name: y, shape: x.shape }, backward };
}

/**
 * Max pool with -inf padding (ONNX MaxPool ignores pads, like PyTorch). Backward: each output's
 * gradient goes to its argmax (first max on ties, as PyTorch), ADDED there: ResNet's 3x3/stride-2
 * windows overlap, so one input can be the max of several windows (MaxUnpool would overwrite).
 */
function emitMaxPool(ctx: EmitContext, node: MaxPoolNode, x: Activation): Emitted {
  const { graph } = ctx;
  const [channels, height, width] = imageShape(x, 'maxpool');
  const k = node.kernel;
  const s = node.stride;
  const p = node.padding;
  const label = `${x.name}.maxpool`;
  const attributes = { kernel_shape: attr.ints([k, k]), strides: attr.ints([s, s]), pads: attr.ints([p, p, p, p]) };
  // Indices cost time: only the gradient graph asks for them.
  const [y, indices] = graph.node('MaxPool', [x.name], label, attributes, ctx.withGradient ? 2 : 1);
  const output = { name: y!, shape: [channels, windowedSize(height, k, s, p), windowedSize(width, k, s, p)] };
  const backward: Backward = (gradient) => {
    if (!indices) throw new Error('maxpool backward needs the indices: compile with withGradient');
    // MaxPool's indices are flat over the whole [N, C, H, W] input, so scatter into it flattened.
    const flat = graph.int64s([-1]);
    const size = graph.op('Mul', [ctx.batchSize(), graph.int64s([channels * height * width])], `${label}.backward.size`);
    const zeros = graph.op('ConstantOfShape', [size], `${label}.backward.zeros`, { value: attr.tensor(Float32Array.of(0), [1]) });
    const updates = graph.op('Reshape', [gradient, flat], `${label}.backward.updates`);
    const where = graph.op('Reshape', [indices, flat], `${label}.backward.indices`);
    const summed = graph.op('ScatterElements', [zeros, where, updates], `${label}.backward.scatter`, { axis: attr.int(0), reduction: attr.string('add') });
    return graph.op('Reshape', [summed, graph.int64s([-1, channels, height, width])], `${label}.backward`);
  };
  return { output, backward };
}

/**
 * Non-overlapping average pool (kernel = stride, no padding). Backward: each output's gradient
 * shared equally by its k*k inputs (a grouped ConvTranspose with 1/k^2 filters); leftover rows and
 * columns at the end, which no window read, get zero.
 */
function emitAvgPool(ctx: EmitContext, node: AvgPoolNode, x: Activation): Emitted {
  const { graph } = ctx;
  const [channels, height, width] = imageShape(x, 'avgpool');
  const k = node.kernel;
  const label = `${x.name}.avgpool${k}`;
  const y = graph.op('AveragePool', [x.name], label, { kernel_shape: attr.ints([k, k]), strides: attr.ints([k, k]) });
  const outH = windowedSize(height, k, k, 0);
  const outW = windowedSize(width, k, k, 0);
  const backward: Backward = (gradient) => {
    const share = graph.initializer(`${label}.backward.share`, new Float32Array(channels * k * k).fill(1 / (k * k)), [channels, 1, k, k]);
    return graph.op('ConvTranspose', [gradient, share], `${label}.backward`, {
      kernel_shape: attr.ints([k, k]),
      strides: attr.ints([k, k]),
      group: attr.int(channels),
      output_padding: attr.ints([height - outH * k, width - outW * k]),
    });
  };
  return { output: { name: y, shape: [channels, outH, outW] }, backward };
}

/** Zeros after the last row, column and channel. Backward: the gradient of the original part (a Slice). */
function emitZeroPad(ctx: EmitContext, node: ZeroPadNode, x: Activation): Emitted {
  const { graph } = ctx;
  const [channels, height, width] = imageShape(x, 'zeropad');
  const label = `${x.name}.zeropad`;
  const y = graph.op('Pad', [x.name, graph.int64s([0, 0, 0, 0, 0, node.channels, node.rows, node.cols])], label);
  const backward: Backward = (gradient) =>
    graph.op('Slice', [gradient, graph.int64s([0, 0, 0]), graph.int64s([channels, height, width]), graph.int64s([1, 2, 3])], `${label}.backward`);
  return { output: { name: y, shape: [channels + node.channels, height + node.rows, width + node.cols] }, backward };
}

function emitResidual(ctx: EmitContext, node: ResidualNode, x: Activation): Emitted {
  const { graph } = ctx;
  const body = emitLayers(ctx, node.body, x);
  const shortcut = node.shortcut.length > 0 ? emitLayers(ctx, node.shortcut, x) : undefined;
  const shortcutOut = shortcut?.output ?? x;
  if (body.output.shape.join() !== shortcutOut.shape.join()) {
    throw new Error(`${node.name}: body [${body.output.shape.join(', ')}] and shortcut [${shortcutOut.shape.join(', ')}] shapes differ`);
  }
  const y = graph.op('Add', [body.output.name, shortcutOut.name], `${node.name}.add`);
  const backward: Backward = (gradient) => {
    // The sum passes its gradient to both branches; they meet again at the fork, where it adds up.
    const viaBody = body.backward(gradient);
    const viaShortcut = shortcut ? shortcut.backward(gradient) : gradient;
    return graph.op('Add', [viaBody, viaShortcut], `${node.name}.backward.fork`);
  };
  return { output: { name: y, shape: body.output.shape }, backward };
}

/** AdaptiveAvgPool2d(1) + flatten: [N, C, H, W] -> [N, C]. Backward: dL/dy / (H*W), broadcast back. */
function emitGlobalAvgPool(ctx: EmitContext, x: Activation): Emitted {
  const { graph } = ctx;
  const [channels, height, width] = imageShape(x, 'globalavgpool');
  const label = `${x.name}.avgpool`;
  const pooled = graph.op('GlobalAveragePool', [x.name], label);
  const y = graph.op('Flatten', [pooled], `${label}.flatten`, { axis: attr.int(1) });
  const backward: Backward = (gradient) => {
    const column = graph.op('Reshape', [gradient, graph.int64s([-1, channels, 1, 1])], `${label}.backward.unflatten`);
    const share = graph.op('Div', [column, graph.scalar(height * width)], `${label}.backward.share`);
    const shape = graph.op('Concat', [ctx.batchSize(), graph.int64s([channels, height, width])], `${label}.backward.shape`, { axis: attr.int(0) });
    return graph.op('Expand', [share, shape], `${label}.backward`);
  };
  return { output: { name: y, shape: [channels] }, backward };
}

/** y = x W^T (+ b) (Gemm). Backward: dL/dx = dL/dy W. */
function emitLinear(ctx: EmitContext, node: LinearNode, x: Activation): Emitted {
  const { graph } = ctx;
  if (x.shape.length !== 1 || x.shape[0] !== node.inFeatures) throw new Error(`${node.name} expects ${node.inFeatures} features, got [${x.shape.join(', ')}]`);
  const weight = graph.initializer(`${node.name}.weight`, requireParam(ctx.params, `${node.name}.weight`, [node.outFeatures, node.inFeatures]).data, [node.outFeatures, node.inFeatures]);
  const bias = node.bias ? [graph.initializer(`${node.name}.bias`, requireParam(ctx.params, `${node.name}.bias`, [node.outFeatures]).data, [node.outFeatures])] : [];
  const y = graph.op('Gemm', [x.name, weight, ...bias], node.name, { transB: attr.int(1) });
  return {
    output: { name: y, shape: [node.outFeatures] },
    backward: (gradient) => graph.op('MatMul', [gradient, weight], `${node.name}.backward`),
  };
}
