/**
 * Faces prepared as face-api's recognizer expects them, with face-api's own nets and steps (what a
 * JavaScript app using face-api ships): SSD MobileNet v1 finds the face, the 68-point landmark net
 * places its landmarks, the crop is the landmarks' bounding box padded by 20% (`landmarks.align()`,
 * face-api's default), padded to a square with black and resized (bilinear) to 150x150, then rounded
 * to 8 bits: the chip is an ordinary image, the thing an attacker would change.
 * face-api's nets run on the tfjs engine (wasm or cpu); the recognizer itself runs on ours.
 */
import * as tf from '@tensorflow/tfjs-core';
import { requireInstalled } from '../../core/project-require.js';
import type { FaceMode } from '../../data/face-modes.js';
import type { Rgb8Image } from '../../data/images.js';
import { faceApiModelFolder } from '../../weights/faceapi.js';
import { currentBackend, initBackend } from '../tfjs/backend.js';

export { FACE_MODES, type FaceMode } from '../../data/face-modes.js';

export const CHIP_SIZE = 150;
/** face-api's default detector confidence. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface AlignedFace {
  /** 150x150 RGB, 8-bit, HWC. */
  readonly chip: Uint8Array;
  /** The crop, in the photo's pixels. */
  readonly box: FaceBox;
  /** Detector confidence; null in `cropped` mode (nothing was detected). */
  readonly score: number | null;
  /** face-api's 68 landmarks in the chip's pixels: x0, y0, x1, y1, ... (they place eyeglasses and patches). */
  readonly landmarks: Float32Array;
}

/** How many landmarks face-api's landmark net places. */
export const LANDMARK_COUNT = 68;

export type Alignment = { readonly face: AlignedFace } | { readonly skipped: string };

interface Landmarks {
  positions: Array<{ x: number; y: number }>;
}

/** The parts of face-api's node-wasm bundle used here (it ships no types for that entry point). */
interface FaceApiBundle {
  nets: Record<'ssdMobilenetv1' | 'faceLandmark68Net', { loadFromDisk(folder: string): Promise<void>; isLoaded: boolean }>;
  SsdMobilenetv1Options: new (options: { minConfidence: number }) => unknown;
  detectAllFaces(input: tf.Tensor3D, options: unknown): { withFaceLandmarks(): Promise<Array<{ detection: { score: number }; alignedRect: { box: FaceBox }; landmarks: Landmarks }>> };
  detectFaceLandmarks(input: tf.Tensor3D): Promise<Landmarks & { align(): FaceBox }>;
  extractFaceTensors(input: tf.Tensor3D, boxes: FaceBox[]): Promise<tf.Tensor3D[]>;
  padToSquare(input: tf.Tensor4D, isCenterImage: boolean): tf.Tensor4D;
}

let bundle: Promise<FaceApiBundle> | undefined;

/** face-api on the same tfjs engine as ours (one tfjs-core instance), with its detector and landmark nets loaded once. */
function loadFaceApi(): Promise<FaceApiBundle> {
  bundle ??= (async () => {
    // face-api's nets only prepare the chips; which tfjs backend runs them is not worth a line of output.
    if (!currentBackend()) await initBackend({ prefer: 'auto', log: () => undefined });
    const faceapi = requireInstalled<FaceApiBundle>('@vladmandic/face-api/dist/face-api.node-wasm.js', 'run `npm ci` in the fgsm-faces folder and start from there.');
    const folder = faceApiModelFolder();
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(folder);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(folder);
    return faceapi;
  })();
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

export interface AlignOptions {
  readonly mode: FaceMode;
  /** `detect` mode: detections below this confidence are ignored. Default 0.5 (face-api's). */
  readonly minConfidence?: number;
}

/** One photo -> its aligned 150x150 chip, or why it was skipped (no face, several faces). */
export async function alignFace(image: Rgb8Image, options: AlignOptions): Promise<Alignment> {
  const faceapi = await loadFaceApi();
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  if (!(minConfidence > 0 && minConfidence < 1)) throw new Error(`minConfidence must be between 0 and 1 (exclusive), got ${minConfidence}.`);
  const pixels = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
  try {
    let box: FaceBox;
    let score: number | null = null;
    let landmarks: Landmarks;
    if (options.mode === 'detect') {
      const faces = await faceapi.detectAllFaces(pixels, new faceapi.SsdMobilenetv1Options({ minConfidence })).withFaceLandmarks();
      if (faces.length === 0) return { skipped: `no face found (detector confidence below ${minConfidence}); if the photo is already a face crop, use the cropped mode` };
      if (faces.length > 1) return { skipped: `${faces.length} faces found: a photo must show one person (crop it to one face)` };
      box = faces[0]!.alignedRect.box;
      score = faces[0]!.detection.score;
      landmarks = faces[0]!.landmarks;
    } else {
      const found = await faceapi.detectFaceLandmarks(pixels);
      landmarks = found;
      box = found.align();
    }
    const [crop] = await faceapi.extractFaceTensors(pixels, [box]);
    if (!crop || crop.shape[0] < 1 || crop.shape[1] < 1) {
      crop?.dispose();
      return { skipped: 'the face box lies outside the photo' };
    }
    const chip = tf.tidy(() => {
      const square = faceapi.padToSquare(tf.expandDims(tf.cast(crop, 'float32'), 0) as tf.Tensor4D, true);
      return tf.cast(tf.clipByValue(tf.round(tf.image.resizeBilinear(square, [CHIP_SIZE, CHIP_SIZE])), 0, 255), 'int32');
    });
    crop.dispose();
    const data = Uint8Array.from((await chip.data()) as Int32Array);
    chip.dispose();
    return { face: { chip: data, box: { x: box.x, y: box.y, width: box.width, height: box.height }, score, landmarks: landmarksInChip(landmarks, box, image) } };
  } finally {
    pixels.dispose();
  }
}

/**
 * The landmarks (photo pixels) moved into the chip, following face-api's crop exactly: the box
 * clipped to the photo and floored (Box.clipAtImageBorders), centred in a square with the odd
 * padding pixel at the end (padToSquare), scaled to CHIP_SIZE.
 */
export function landmarksInChip(landmarks: Landmarks, box: FaceBox, photo: { readonly width: number; readonly height: number }): Float32Array {
  const x = Math.max(box.x, 0);
  const y = Math.max(box.y, 0);
  const width = Math.floor(Math.min(box.x + box.width - x, photo.width - x));
  const height = Math.floor(Math.min(box.y + box.height - y, photo.height - y));
  const side = Math.max(width, height);
  const padding = side - Math.min(width, height);
  const before = padding - Math.round(padding * 0.5);
  const [left, top] = width < height ? [Math.floor(x) - before, Math.floor(y)] : [Math.floor(x), Math.floor(y) - before];
  const scale = CHIP_SIZE / side;
  const out = new Float32Array(landmarks.positions.length * 2);
  landmarks.positions.forEach((p, k) => {
    out[2 * k] = (p.x - left) * scale;
    out[2 * k + 1] = (p.y - top) * scale;
  });
  return out;
}
