/**
 * fgsm-faces public API: what the notebook and the CLI import. Re-exports only.
 * Data flows one way: data -> model (zoo + weights) -> engine -> attack -> evaluation -> figures.
 */
export type { HostTensor, ParamsMap } from './tensor.js';
export * from './core/index.js';

// data
export {
  loadFaceDataset,
  stratifiedSplit,
  carveValidation,
  readSplitFile,
  writeSplitFile,
  decodeImage,
  encodePng,
  imageBatches,
  loadImageSet,
  batchFromSet,
  DatasetError,
  ImageDecodeError,
  type FaceDataset,
  type FaceEntry,
  type ClassCount,
  type TrainTestSplit,
  type ImageSet,
} from './data/index.js';

// models
export {
  FACE_NORMALIZATION,
  parameterShapes,
  trainableParameterCount,
  ARCHITECTURES,
  buildModelSpec,
  resolveArchitecture,
  resnet18,
  resnet101,
  customResNet,
  initParams,
  type ArchitectureName,
  type ModelSpec,
  type LayerNode,
  type ModelOptions,
} from './models/index.js';

// weights
export * from './weights/index.js';

// engines
export type { Classifier, FaceEmbedder, ImageBatch, LabelledImages, LossGradient } from './engines/index.js';
export { loadClassifier, loadFaceRecognizer, PairVerifier, type LoadClassifierOptions, type LoadedClassifier, type LoadedFaceRecognizer } from './engines/index.js';
export { initBackend, currentBackend, TfjsClassifier, type BackendName, type BackendChoice } from './engines/tfjs/index.js';

// attacks and evaluation
export * from './attacks/index.js';
export * from './eval/index.js';

// study runs (driver, FGSM study, robustness, settings schema) and what they write
export * from './study/index.js';
export * from './outputs/index.js';

// face verification (face-api's recognizer on real faces)
export * from './verification/index.js';
export { prepareFaceChips, FACE_REGIONS, REGION_NAMES, regionMask, maskCoverage, type FaceChip, type SkippedPhoto, type RegionName, type RegionShape } from './data/index.js';
export { faceApiRecognizer, type EmbeddingSpec } from './models/index.js';

// training
export * from './train/index.js';
