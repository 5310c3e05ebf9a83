/**
 * Engines run a ModelSpec + ParamsMap as a Classifier (./types.ts). loadClassifier goes from a
 * weights file to a classifier on the chosen engine. The engines themselves: ./tfjs (training,
 * any backend) and ./onnx (fast CPU sweeps), each with its own index.
 */
export type { Classifier, EmbeddingGradient, FaceEmbedder, ImageBatch, LabelledImages, LossGradient } from './types.js';
export { loadClassifier, loadFaceRecognizer, resolveEngineChoice, ENGINE_CHOICES, type LoadFaceRecognizerOptions, type LoadedFaceRecognizer, type EngineChoice, type LoadClassifierOptions, type LoadedClassifier } from './load.js';
