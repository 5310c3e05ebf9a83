/**
 * A ModelSpec (classifier) or EmbeddingSpec (face recognizer) + ParamsMap compiled to two
 * standalone ONNX models:
 * - forward: pixels [N,H,W,3] in [0,1] -> logits [N,K] (or embeddings [N,D]);
 * - gradient: pixels and the loss's reference -> the same output and d loss / d pixels [N,H,W,3],
 *   the backward written out op by op (see layers.ts), so any ONNX runtime can run it.
 *   Classifier: labels [N] (int32), loss = sum of cross-entropy.
 *   Recognizer: references [N,D] (float32), loss = sum of squared Euclidean distances ||e_n - r_n||^2.
 */
import { outputWidth, type EmbeddingSpec, type ModelSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import { GraphBuilder } from './graph-builder.js';
import { emitLayers, type Activation, type EmitContext } from './layers.js';
import { attr, dataType } from './proto.js';

export interface CompileOptions {
  /**
   * Fold each BatchNorm into the conv before it (default true): one op less per conv, forward and
   * backward. It rounds differently (logits move by ~1e-6 relative), so a ReLU input within
   * rounding of 0 may switch; the gradient is then still exact for the engine's own forward.
   */
  readonly foldBatchNorm?: boolean;
}

export const INPUT_NAMES = { pixels: 'pixels', labels: 'labels', references: 'references' } as const;
export const OUTPUT_NAMES = { logits: 'logits', embedding: 'embedding', gradient: 'gradient' } as const;

type AnySpec = ModelSpec | EmbeddingSpec;

const BATCH = 'N';

export function compileForwardModel(spec: AnySpec, params: ParamsMap, options: CompileOptions = {}): Uint8Array {
  return compile(spec, params, options, false);
}

export function compileGradientModel(spec: AnySpec, params: ParamsMap, options: CompileOptions = {}): Uint8Array {
  return compile(spec, params, options, true);
}

function isEmbedding(spec: AnySpec): spec is EmbeddingSpec {
  return 'embeddingSize' in spec;
}

function compile(spec: AnySpec, params: ParamsMap, options: CompileOptions, withGradient: boolean): Uint8Array {
  const graph = new GraphBuilder(`${spec.architecture}_${withGradient ? 'forward_and_input_gradient' : 'forward'}`);
  const size = spec.inputSize;
  const width = outputWidth(spec);
  const outputName = isEmbedding(spec) ? OUTPUT_NAMES.embedding : OUTPUT_NAMES.logits;
  const pixels = graph.input(INPUT_NAMES.pixels, 'float32', [BATCH, size, size, 3]);
  const reference = !withGradient
    ? undefined
    : isEmbedding(spec)
      ? graph.input(INPUT_NAMES.references, 'float32', [BATCH, width])
      : graph.input(INPUT_NAMES.labels, 'int32', [BATCH]);
  let batchSize: string | undefined;
  const ctx: EmitContext = {
    graph,
    params,
    withGradient,
    foldBatchNorm: options.foldBatchNorm ?? true,
    batchSize: () => (batchSize ??= graph.op('Shape', [pixels], 'batch_size', { start: attr.int(0), end: attr.int(1) })),
  };

  // (x - mean) / std, as PyTorch's Normalize; not folded into conv1, whose zero padding must stay zero after normalising.
  const { mean, std } = spec.normalization;
  const nchw = graph.op('Transpose', [pixels], 'to_nchw', { perm: attr.ints([0, 3, 1, 2]) });
  const meanName = graph.initializer('normalize.mean', Float32Array.from(mean), [3, 1, 1]);
  const stdName = graph.initializer('normalize.std', Float32Array.from(std), [3, 1, 1]);
  const centred = graph.op('Sub', [nchw, meanName], 'normalize.centre');
  const normalized: Activation = { name: graph.op('Div', [centred, stdName], 'normalize'), shape: [3, size, size] };

  const body = emitLayers(ctx, spec.layers, normalized);
  if (body.output.shape.length !== 1 || body.output.shape[0] !== width) {
    throw new Error(`${spec.architecture}: the layers end in [${body.output.shape.join(', ')}], expected ${outputName} [${width}]`);
  }
  const output = graph.node('Identity', [body.output.name], outputName, {}, [outputName])[0]!;
  graph.output(output, 'float32', [BATCH, width]);
  if (!reference) return graph.encode(describe(spec, outputName));

  let outputGradient: string;
  if (isEmbedding(spec)) {
    // d(sum_n ||e_n - r_n||^2)/d e = 2 (e - r), per sample.
    const difference = graph.op('Sub', [body.output.name, reference], 'loss.difference');
    outputGradient = graph.op('Mul', [difference, graph.scalar(2)], 'loss.backward');
  } else {
    // d(sum_n CE_n)/d logits = softmax(logits) - one_hot(labels), per sample (no 1/N: the loss is a sum).
    const probabilities = graph.op('Softmax', [body.output.name], 'loss.softmax', { axis: attr.int(-1) });
    const classIds = graph.initializer('loss.class_ids', Int32Array.from({ length: width }, (_, i) => i), [1, width]);
    const column = graph.op('Reshape', [reference, graph.int64s([-1, 1])], 'loss.labels');
    const hits = graph.op('Equal', [column, classIds], 'loss.one_hot_mask');
    const oneHot = graph.op('Cast', [hits], 'loss.one_hot', { to: attr.int(dataType('float32')) });
    outputGradient = graph.op('Sub', [probabilities, oneHot], 'loss.backward');
  }

  const normalizedGradient = body.backward(outputGradient);
  const nchwGradient = graph.op('Div', [normalizedGradient, stdName], 'normalize.backward');
  const gradient = graph.node('Transpose', [nchwGradient], 'to_nhwc.backward', { perm: attr.ints([0, 2, 3, 1]) }, [OUTPUT_NAMES.gradient])[0]!;
  graph.output(gradient, 'float32', [BATCH, size, size, 3]);
  return graph.encode(describe(spec, isEmbedding(spec) ? 'embedding and d(sum of squared distances to references)/d pixels' : 'logits and d(sum of cross-entropy)/d pixels'));
}

function describe(spec: AnySpec, what: string): string {
  const head = isEmbedding(spec) ? `${spec.embeddingSize}-D embedding` : `${spec.numClasses} classes`;
  return `fgsm-faces ${spec.architecture}, ${head}, ${spec.inputSize}x${spec.inputSize} NHWC pixels in [0,1] -> ${what}`;
}
