/**
 * The three architectures of the original project, described with torchvision's (and the
 * custom model's) exact module names so that their `.pth` state_dicts load unchanged.
 */
import {
  FACE_NORMALIZATION,
  type ArchitectureName,
  type LayerNode,
  type ModelSpec,
  type Normalization,
} from './graph.js';

export interface ModelOptions {
  numClasses: number;
  /** Square input side in pixels; 224 in the original. */
  inputSize?: number;
  normalization?: Normalization;
}

const BN_EPS = 1e-5;

function conv(name: string, inChannels: number, outChannels: number, kernel: number, stride: number, padding: number, bias: boolean): LayerNode {
  return { op: 'conv2d', name, inChannels, outChannels, kernel, stride, padding, bias };
}

function bn(name: string, channels: number): LayerNode {
  return { op: 'batchnorm', name, channels, eps: BN_EPS };
}

const relu: LayerNode = { op: 'relu' };

function spec(architecture: ArchitectureName, layers: LayerNode[], options: ModelOptions): ModelSpec {
  if (!Number.isInteger(options.numClasses) || options.numClasses < 2) {
    throw new Error(`numClasses must be an integer >= 2, got ${options.numClasses}`);
  }
  const inputSize = options.inputSize ?? 224;
  if (!Number.isInteger(inputSize) || inputSize < 32) {
    throw new Error(`inputSize must be an integer >= 32 pixels, got ${inputSize}`);
  }
  return {
    architecture,
    numClasses: options.numClasses,
    inputSize,
    normalization: options.normalization ?? FACE_NORMALIZATION,
    layers,
  };
}

/** torchvision BasicBlock (expansion 1). */
function basicBlock(name: string, inChannels: number, planes: number, stride: number): LayerNode {
  const needsDownsample = stride !== 1 || inChannels !== planes;
  return {
    op: 'residual',
    name,
    body: [
      conv(`${name}.conv1`, inChannels, planes, 3, stride, 1, false),
      bn(`${name}.bn1`, planes),
      relu,
      conv(`${name}.conv2`, planes, planes, 3, 1, 1, false),
      bn(`${name}.bn2`, planes),
    ],
    shortcut: needsDownsample
      ? [conv(`${name}.downsample.0`, inChannels, planes, 1, stride, 0, false), bn(`${name}.downsample.1`, planes)]
      : [],
  };
}

/** torchvision Bottleneck (ResNet v1.5: the stride sits on the 3x3 conv; expansion 4). */
function bottleneck(name: string, inChannels: number, planes: number, stride: number): LayerNode {
  const out = planes * 4;
  const needsDownsample = stride !== 1 || inChannels !== out;
  return {
    op: 'residual',
    name,
    body: [
      conv(`${name}.conv1`, inChannels, planes, 1, 1, 0, false),
      bn(`${name}.bn1`, planes),
      relu,
      conv(`${name}.conv2`, planes, planes, 3, stride, 1, false),
      bn(`${name}.bn2`, planes),
      relu,
      conv(`${name}.conv3`, planes, out, 1, 1, 0, false),
      bn(`${name}.bn3`, out),
    ],
    shortcut: needsDownsample
      ? [conv(`${name}.downsample.0`, inChannels, out, 1, stride, 0, false), bn(`${name}.downsample.1`, out)]
      : [],
  };
}

function torchvisionResNet(
  architecture: ArchitectureName,
  block: (name: string, inChannels: number, planes: number, stride: number) => LayerNode,
  expansion: number,
  blocks: readonly number[],
  options: ModelOptions,
): ModelSpec {
  const layers: LayerNode[] = [
    conv('conv1', 3, 64, 7, 2, 3, false),
    bn('bn1', 64),
    relu,
    { op: 'maxpool', kernel: 3, stride: 2, padding: 1 },
  ];
  let channels = 64;
  [64, 128, 256, 512].forEach((planes, stage) => {
    for (let i = 0; i < blocks[stage]!; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      layers.push(block(`layer${stage + 1}.${i}`, channels, planes, stride), relu);
      channels = planes * expansion;
    }
  });
  layers.push({ op: 'globalavgpool' }, { op: 'linear', name: 'fc', inFeatures: channels, outFeatures: options.numClasses, bias: true });
  return spec(architecture, layers, options);
}

/** torchvision `resnet18` with `fc` replaced by Linear(512, numClasses). */
export function resnet18(options: ModelOptions): ModelSpec {
  return torchvisionResNet('resnet18', basicBlock, 1, [2, 2, 2, 2], options);
}

/** torchvision `resnet101` with `fc` replaced by Linear(2048, numClasses). */
export function resnet101(options: ModelOptions): ModelSpec {
  return torchvisionResNet('resnet101', bottleneck, 4, [3, 4, 23, 3], options);
}

/** The custom block: convs WITH bias, each wrapped in nn.Sequential (`conv1.0` conv, `conv1.1` BN). */
function customBlock(name: string, inChannels: number, channels: number, stride: number): LayerNode {
  const needsDownsample = stride !== 1 || inChannels !== channels;
  return {
    op: 'residual',
    name,
    body: [
      conv(`${name}.conv1.0`, inChannels, channels, 3, stride, 1, true),
      bn(`${name}.conv1.1`, channels),
      relu,
      conv(`${name}.conv2.0`, channels, channels, 3, 1, 1, true),
      bn(`${name}.conv2.1`, channels),
    ],
    shortcut: needsDownsample
      ? [conv(`${name}.downsample.0`, inChannels, channels, 1, stride, 0, false), bn(`${name}.downsample.1`, channels)]
      : [],
  };
}

/**
 * The original project's own ResNet, trained from scratch: a 7x7 stem, five stages `layer0..layer4`
 * (64/128/256/512/1024 channels, 3/4/6/3/2 blocks, strides 1/2/2/2/2), adaptive average pool, `fc`.
 */
export function customResNet(options: ModelOptions): ModelSpec {
  const layers: LayerNode[] = [
    conv('conv1.0', 3, 64, 7, 2, 3, false),
    bn('conv1.1', 64),
    relu,
    { op: 'maxpool', kernel: 3, stride: 2, padding: 1 },
  ];
  const widths = [64, 128, 256, 512, 1024];
  const blocks = [3, 4, 6, 3, 2];
  const strides = [1, 2, 2, 2, 2];
  let channels = 64;
  widths.forEach((width, stage) => {
    for (let i = 0; i < blocks[stage]!; i++) {
      layers.push(customBlock(`layer${stage}.${i}`, channels, width, i === 0 ? strides[stage]! : 1), relu);
      channels = width;
    }
  });
  layers.push({ op: 'globalavgpool' }, { op: 'linear', name: 'fc', inFeatures: channels, outFeatures: options.numClasses, bias: true });
  return spec('custom_resnet', layers, options);
}
