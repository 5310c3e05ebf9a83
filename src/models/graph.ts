/**
 * A model described once, as data: the layers of a ResNet with their PyTorch names and shapes.
 * Engines (tfjs, ONNX) turn a description plus a params map into something that runs.
 * Images enter as NHWC pixels in [0,1]; normalisation (mean/std) is part of the description.
 */

export type ArchitectureName = 'resnet18' | 'resnet101' | 'custom_resnet';

/** Networks that map a face to an embedding (verification), not to class logits. */
export type EmbeddingArchitectureName = 'faceapi_recognizer';

export interface Conv2dNode {
  readonly op: 'conv2d';
  /** PyTorch module path, e.g. `layer1.0.conv1`; params are `<name>.weight` [out,in,k,k] and `<name>.bias`. */
  readonly name: string;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride: number;
  /** Symmetric zero padding, PyTorch style (output = floor((H + 2p - k) / s) + 1). */
  readonly padding: number;
  readonly bias: boolean;
}

export interface BatchNormNode {
  readonly op: 'batchnorm';
  /** Params `<name>.weight|bias|running_mean|running_var` [channels]. */
  readonly name: string;
  readonly channels: number;
  readonly eps: number;
}

/** y = x * weight[c] + bias[c] per channel (face-api's "scale" layer); params `<name>.weight|bias` [channels]. */
export interface ChannelAffineNode {
  readonly op: 'affine';
  readonly name: string;
  readonly channels: number;
}

export interface ReluNode {
  readonly op: 'relu';
}

export interface MaxPoolNode {
  readonly op: 'maxpool';
  readonly kernel: number;
  readonly stride: number;
  /** Padding with -infinity, PyTorch style. */
  readonly padding: number;
}

/** Average pool without padding, windows not overlapping (kernel = stride); rows/columns left over at the end are dropped. */
export interface AvgPoolNode {
  readonly op: 'avgpool';
  readonly kernel: number;
}

/** Zeros appended after the last row, the last column and the last channel (face-api's down-sampling shortcut). */
export interface ZeroPadNode {
  readonly op: 'zeropad';
  readonly rows: number;
  readonly cols: number;
  readonly channels: number;
}

/** out = body(x) + shortcut(x); an empty shortcut is the identity. The ReLU after the add is its own node. */
export interface ResidualNode {
  readonly op: 'residual';
  readonly name: string;
  readonly body: readonly LayerNode[];
  readonly shortcut: readonly LayerNode[];
}

/** Adaptive average pool to 1x1 followed by flatten: [N,H,W,C] -> [N,C]. */
export interface GlobalAvgPoolNode {
  readonly op: 'globalavgpool';
}

export interface LinearNode {
  readonly op: 'linear';
  /** Params `<name>.weight` [out,in] and, with `bias`, `<name>.bias` [out]. */
  readonly name: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly bias: boolean;
}

export type LayerNode =
  | Conv2dNode
  | BatchNormNode
  | ChannelAffineNode
  | ReluNode
  | MaxPoolNode
  | AvgPoolNode
  | ZeroPadNode
  | ResidualNode
  | GlobalAvgPoolNode
  | LinearNode;

export interface Normalization {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** What an engine needs to run a network, whatever its output means. */
export interface NetworkSpec {
  /** Zoo name, used in messages and graph names. */
  readonly architecture: string;
  /** Square input side in pixels (224 in the original). */
  readonly inputSize: number;
  readonly normalization: Normalization;
  readonly layers: readonly LayerNode[];
}

/** Anything that ends in one logit per class, as attacks see it: a zoo model, or a face recognizer judged at a threshold. */
export interface ClassifierSpec extends NetworkSpec {
  readonly numClasses: number;
}

/** A zoo classifier: the layers end in one logit per class. */
export interface ModelSpec extends ClassifierSpec {
  readonly architecture: ArchitectureName;
  readonly numClasses: number;
}

/** A face recognizer: the layers end in an embedding; two faces match when their embeddings are close. */
export interface EmbeddingSpec extends NetworkSpec {
  readonly architecture: EmbeddingArchitectureName;
  readonly embeddingSize: number;
  /** The Euclidean distance under which its authors call two faces the same person. */
  readonly matchThreshold: number;
}

/** Width of the network's output: classes or embedding dimensions. */
export function outputWidth(spec: ModelSpec | EmbeddingSpec): number {
  return 'numClasses' in spec ? spec.numClasses : spec.embeddingSize;
}

/** The original project's dataset statistics. */
export const FACE_NORMALIZATION: Normalization = {
  mean: [0.6389, 0.4773, 0.4056],
  std: [0.2343, 0.1996, 0.1831],
};

/** Side of a conv's or pool's output, PyTorch's rule: floor((size + 2p - k) / s) + 1. */
export function windowedSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

/** Calls `visit` for every node, depth first, in execution order (body before shortcut). */
export function walkLayers(layers: readonly LayerNode[], visit: (node: LayerNode) => void): void {
  for (const node of layers) {
    visit(node);
    if (node.op === 'residual') {
      walkLayers(node.body, visit);
      walkLayers(node.shortcut, visit);
    }
  }
}

/**
 * Every parameter the model needs, with its PyTorch state_dict name and shape, in state_dict order.
 * `num_batches_tracked` is not listed: it does not affect inference and loaders ignore it.
 */
export function parameterShapes(spec: NetworkSpec): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  walkLayers(spec.layers, (node) => {
    switch (node.op) {
      case 'conv2d':
        shapes.set(`${node.name}.weight`, [node.outChannels, node.inChannels, node.kernel, node.kernel]);
        if (node.bias) shapes.set(`${node.name}.bias`, [node.outChannels]);
        break;
      case 'batchnorm':
        for (const p of ['weight', 'bias', 'running_mean', 'running_var']) shapes.set(`${node.name}.${p}`, [node.channels]);
        break;
      case 'affine':
        for (const p of ['weight', 'bias']) shapes.set(`${node.name}.${p}`, [node.channels]);
        break;
      case 'linear':
        shapes.set(`${node.name}.weight`, [node.outFeatures, node.inFeatures]);
        if (node.bias) shapes.set(`${node.name}.bias`, [node.outFeatures]);
        break;
      default:
        break;
    }
  });
  return shapes;
}

/** Trainable parameters (batch-norm running statistics are not learnt, so not counted). */
export function trainableParameterCount(spec: NetworkSpec): number {
  let total = 0;
  for (const [name, shape] of parameterShapes(spec)) {
    if (name.endsWith('running_mean') || name.endsWith('running_var')) continue;
    total += shape.reduce((a, b) => a * b, 1);
  }
  return total;
}
