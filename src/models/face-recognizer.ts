/**
 * face-api.js's face recognition net (the ResNet-34-like network ported from dlib, in
 * `@vladmandic/face-api`'s src/faceRecognitionNet), described as data like our ResNets:
 * a 150x150 RGB face -> a 128-D descriptor; two faces are the same person when the Euclidean
 * distance of their descriptors is below 0.6.
 *
 * Its blocks differ from torchvision's: every conv has a bias followed by a per-channel "scale"
 * (an affine), the stem and the down-sampling convs use no padding, and the down-sampling
 * shortcut is a 2x2 average pool whose missing channels are zeros; when the body comes out one
 * row/column short of the pool, face-api appends a zero row and column to the body.
 * Param names are face-api's with `/` -> `.` (`conv32_1/conv1/conv/filters` -> `conv32_1.conv1.conv.weight`).
 */
import { windowedSize, type EmbeddingSpec, type LayerNode } from './graph.js';

/** face-api subtracts this mean (0..255 scale) and divides by 255; no per-channel std. */
const MEAN_RGB_255 = [122.782, 117.001, 104.298] as const;

export const FACEAPI_INPUT_SIZE = 150;
export const FACEAPI_EMBEDDING_SIZE = 128;
export const FACEAPI_MATCH_THRESHOLD = 0.6;

const relu: LayerNode = { op: 'relu' };

/** conv (+bias) then scale, as face-api's convLayer; stride 2 convs use 'valid' (no) padding. */
function convScale(name: string, inChannels: number, outChannels: number, kernel: number, stride: 1 | 2): LayerNode[] {
  const padding = stride === 1 ? (kernel - 1) / 2 : 0;
  return [
    { op: 'conv2d', name: `${name}.conv`, inChannels, outChannels, kernel, stride, padding, bias: true },
    { op: 'affine', name: `${name}.scale`, channels: outChannels },
  ];
}

/** face-api's `residual`: two 3x3 conv+scale, identity shortcut, ReLU after the sum. */
function residual(name: string, channels: number): LayerNode[] {
  return [
    {
      op: 'residual',
      name,
      body: [...convScale(`${name}.conv1`, channels, channels, 3, 1), relu, ...convScale(`${name}.conv2`, channels, channels, 3, 1)],
      shortcut: [],
    },
    relu,
  ];
}

/**
 * face-api's `residualDown` at input side `size`: the body halves with a 3x3 'valid' stride-2 conv,
 * the shortcut with a 2x2 average pool; returns the nodes and the side after the block.
 */
function residualDown(name: string, inChannels: number, outChannels: number, size: number): { nodes: LayerNode[]; size: number } {
  const bodySize = windowedSize(size, 3, 2, 0);
  const pooledSize = Math.floor(size / 2);
  const missing = pooledSize - bodySize;
  if (missing !== 0 && missing !== 1) throw new Error(`${name}: face-api's down-sampling block cannot fit a ${size}x${size} input (body ${bodySize}, pool ${pooledSize}).`);
  const body: LayerNode[] = [...convScale(`${name}.conv1`, inChannels, outChannels, 3, 2), relu, ...convScale(`${name}.conv2`, outChannels, outChannels, 3, 1)];
  if (missing) body.push({ op: 'zeropad', rows: 1, cols: 1, channels: 0 });
  const shortcut: LayerNode[] = [{ op: 'avgpool', kernel: 2 }];
  if (outChannels > inChannels) shortcut.push({ op: 'zeropad', rows: 0, cols: 0, channels: outChannels - inChannels });
  return { nodes: [{ op: 'residual', name, body, shortcut }, relu], size: pooledSize };
}

/** The recognizer exactly as face-api runs it on 150x150 inputs. */
export function faceApiRecognizer(): EmbeddingSpec {
  const layers: LayerNode[] = [...convScale('conv32_down', 3, 32, 7, 2), relu, { op: 'maxpool', kernel: 3, stride: 2, padding: 0 }];
  let size = windowedSize(windowedSize(FACEAPI_INPUT_SIZE, 7, 2, 0), 3, 2, 0);
  const stages: Array<{ channels: number; down?: string; blocks: string[] }> = [
    { channels: 32, blocks: ['conv32_1', 'conv32_2', 'conv32_3'] },
    { channels: 64, down: 'conv64_down', blocks: ['conv64_1', 'conv64_2', 'conv64_3'] },
    { channels: 128, down: 'conv128_down', blocks: ['conv128_1', 'conv128_2'] },
    { channels: 256, down: 'conv256_down', blocks: ['conv256_1', 'conv256_2'] },
  ];
  let channels = 32;
  for (const stage of stages) {
    if (stage.down) {
      const down = residualDown(stage.down, channels, stage.channels, size);
      layers.push(...down.nodes);
      size = down.size;
      channels = stage.channels;
    }
    for (const block of stage.blocks) layers.push(...residual(block, channels));
  }
  layers.push(...residualDown('conv256_down_out', 256, 256, size).nodes);
  layers.push({ op: 'globalavgpool' }, { op: 'linear', name: 'fc', inFeatures: 256, outFeatures: FACEAPI_EMBEDDING_SIZE, bias: false });
  return {
    architecture: 'faceapi_recognizer',
    embeddingSize: FACEAPI_EMBEDDING_SIZE,
    matchThreshold: FACEAPI_MATCH_THRESHOLD,
    inputSize: FACEAPI_INPUT_SIZE,
    normalization: { mean: [MEAN_RGB_255[0] / 255, MEAN_RGB_255[1] / 255, MEAN_RGB_255[2] / 255], std: [1, 1, 1] },
    layers,
  };
}
