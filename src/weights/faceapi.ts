/**
 * face-api.js model files (`<name>-weights_manifest.json` + `.bin`, tfjs layout, uint8-quantized)
 * as a params map in our (PyTorch) layout and names, checked strictly against the model's spec.
 * By default read from the installed `@vladmandic/face-api` package's `model/` folder: nothing is
 * downloaded.
 */
import { dirname, join } from 'node:path';
import { resolveInstalled } from '../core/project-require.js';
import { parameterShapes, type NetworkSpec } from '../models/graph.js';
import type { HostTensor, ParamsMap } from '../tensor.js';
import { WeightsError, clip } from './errors.js';
import { readWeightsFile } from './files.js';
import { matchParams } from './strict.js';
import { parseManifestGroups, readManifestTensors } from './tfjs-manifest.js';

export const FACEAPI_RECOGNIZER_MANIFEST = 'face_recognition_model-weights_manifest.json';

/** The `model/` folder of the installed @vladmandic/face-api package. */
export function faceApiModelFolder(): string {
  const found = resolveInstalled('@vladmandic/face-api/package.json');
  if (!found) throw new Error("@vladmandic/face-api is not installed: run `npm ci` in the fgsm-faces folder and start from there (it holds the face recognizer's weights).");
  return join(dirname(found), 'model');
}

/** `conv32_1/conv1/conv/filters` -> `conv32_1.conv1.conv.weight`, `.../scale/biases` -> `.../scale.bias`, `fc` -> `fc.weight`. */
export function faceApiParamName(name: string): string {
  const dotted = name.replaceAll('/', '.');
  if (dotted === 'fc') return 'fc.weight';
  return dotted.replace(/\.filters$/, '.weight').replace(/\.weights$/, '.weight').replace(/\.biases$/, '.bias');
}

/** tfjs layout -> PyTorch layout: conv filters HWIO -> OIHW, dense [in, out] -> [out, in]. */
function toPyTorchLayout(tensor: HostTensor): HostTensor {
  const { shape, data } = tensor;
  if (shape.length === 4) {
    const [kh, kw, inC, outC] = shape as [number, number, number, number];
    const out = new Float32Array(data.length);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < inC; i++)
          for (let o = 0; o < outC; o++) out[((o * inC + i) * kh + y) * kw + x] = data[((y * kw + x) * inC + i) * outC + o]!;
    return { shape: [outC, inC, kh, kw], data: out };
  }
  if (shape.length === 2) {
    const [rows, cols] = shape as [number, number];
    const out = new Float32Array(data.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
    return { shape: [cols, rows], data: out };
  }
  return tensor;
}

/**
 * Reads a face-api manifest (path to the .json, default: the recognizer's in the installed package)
 * and returns the params the spec needs, PyTorch layout; any missing, extra or mis-shaped tensor,
 * any bad manifest or .bin is one WeightsError naming the file.
 */
export async function loadFaceApiParams(spec: NetworkSpec, manifestPath = join(faceApiModelFolder(), FACEAPI_RECOGNIZER_MANIFEST)): Promise<ParamsMap> {
  const fix = 'Reinstall @vladmandic/face-api (`npm ci`) or pass its unmodified model files.';
  const text = new TextDecoder().decode(await readWeightsFile(manifestPath));
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new WeightsError('bad-manifest', manifestPath, `is not valid JSON (${clip((error as Error).message)}). ${fix}`);
  }
  const groups = parseManifestGroups(document, manifestPath, fix);
  // Shapes are checked against the spec before any byte is decoded: a manifest that does not describe this net stops here.
  const expected = parameterShapes(spec);
  for (const group of groups) {
    for (const w of group.weights) {
      const name = faceApiParamName(w.name);
      const shape = expected.get(name);
      const pytorchShape = w.shape.length === 4 ? [w.shape[3], w.shape[2], w.shape[0], w.shape[1]] : w.shape.length === 2 ? [w.shape[1], w.shape[0]] : w.shape;
      if (shape && shape.join() !== pytorchShape.join()) {
        throw new WeightsError('mismatch', manifestPath, `tensor "${clip(w.name)}" has shape [${w.shape.join(', ')}], but ${spec.architecture} needs ${w.shape.length === 4 ? 'HWIO ' : ''}[${(w.shape.length === 4 ? [shape[2], shape[3], shape[1], shape[0]] : w.shape.length === 2 ? [shape[1], shape[0]] : shape).join(', ')}]. ${fix}`);
      }
    }
  }
  const tensors = await readManifestTensors(groups, manifestPath, dirname(manifestPath), { fix });
  const params: ParamsMap = new Map();
  for (const [name, tensor] of tensors) params.set(faceApiParamName(name), toPyTorchLayout(tensor));
  return matchParams(spec, params, { source: manifestPath });
}
