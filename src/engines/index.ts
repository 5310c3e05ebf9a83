/**
 * Engines run a ModelSpec + ParamsMap as a Classifier (./types.ts). loadClassifier goes from a
 * weights file to a classifier on the chosen engine. The engines themselves: ./tfjs (training,
 * any backend) and ./onnx (fast CPU sweeps), each with its own index.
 */
export type { Classifier, EmbeddingGradient, FaceEmbedder, ImageBatch, LabelledImages, LossGradient } from './types.js';
export { loadClassifier, loadFaceRecognizer, resolveEngineChoice, ENGINE_CHOICES, type LoadFaceRecognizerOptions, type LoadedFaceRecognizer, type EngineChoice, type LoadClassifierOptions, type LoadedClassifier } from './load.js';
export { PairVerifier, SAME, DIFFERENT } from './pair-verifier.js';
export { ResizedClassifier } from './resized-classifier.js';
export { alignFace, FACE_MODES, CHIP_SIZE, DEFAULT_MIN_CONFIDENCE, type FaceMode, type FaceBox, type AlignedFace, type Alignment, type AlignOptions } from './faceapi/aligner.js';
