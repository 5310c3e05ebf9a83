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

// Types that appear in the signatures above, so that users (and the API reference) can name them.
export type { BatchOptions, BatchStream, LabelledBatch, SkippedImage } from './data/batches.js';
export type { DatasetErrorCode } from './data/errors.js';
export type { FaceChips, FaceChipsOptions } from './data/face-chips.js';
export type { ExcludedRow, FaceIndexOptions, IndexSource } from './data/face-index.js';
export type { Anchor, BarShape, RingShape, SquareShape } from './data/face-regions.js';
export type { ImageSetOptions } from './data/image-set.js';
export type { DecodeOptions, Resampler } from './data/images.js';
export type { ReadSplitOptions, SplitFileContents } from './data/split-file.js';
export type { SplitOptions, ValidationOptions } from './data/split.js';
export type { FaceBox } from './engines/faceapi/aligner.js';
export type { EngineChoice, LoadFaceRecognizerOptions } from './engines/load.js';
export type { BackendPreference, InitBackendOptions } from './engines/tfjs/backend.js';
export type { TfjsParams } from './engines/tfjs/model.js';
export type { EmbeddingGradient } from './engines/types.js';
export type { AttackScope, Batches, KeptExamples } from './eval/study.js';
export type { AttackRole } from './figures/robustness-format.js';
export type { Locale } from './i18n/locale.js';
export type { AvgPoolNode, BatchNormNode, ChannelAffineNode, ClassifierSpec, Conv2dNode, GlobalAvgPoolNode, LinearNode, MaxPoolNode, NetworkSpec, Normalization, ReluNode, ResidualNode, ZeroPadNode } from './models/graph.js';
export type { FigureOutputOptions } from './outputs/figures-output.js';
export type { ResultsInput, TestSetSection } from './outputs/results-document.js';
export type { RobustnessFigureInput } from './outputs/robustness-figures.js';
export type { WriteVerificationOptions } from './outputs/verification-output.js';
export type { AttackListOptions } from './study/attack-list.js';
export type { ModelOutcome } from './study/driver.js';
export type { ManifestInput } from './study/manifest.js';
export type { StudyFigures } from './study/study.js';
export type { TestSetOptions } from './study/test-set.js';
export type { BatchProgress, BestCheckpoint } from './train/trainer.js';
export type { TrainingPaths } from './train/training-paths.js';
export type { Defaulted } from './train/training-settings.js';
export type { VerificationExample, VerificationExamples } from './verification/study.js';
export type { WeightsFilePaths } from './weights/format.js';
export type { ReadGroupsOptions } from './weights/tfjs-manifest.js';
export type { StorageSizeLookup } from './weights/torch-unpickle.js';
