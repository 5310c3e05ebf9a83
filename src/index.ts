/**
 * fgsm-faces public API: what the notebook and the CLI import. Re-exports only.
 * Data flows one way: data -> model (zoo + weights) -> engine -> attack -> evaluation -> figures.
 */
export type { HostTensor, ParamsMap } from './tensor.js';
export * from './core/index.js';

// data
export { loadFaceDataset, type FaceDataset, type FaceEntry, type ClassCount, type TrainTestSplit } from './data/dataset.js';
export { stratifiedSplit, carveValidation } from './data/split.js';
export { readSplitFile, writeSplitFile } from './data/split-file.js';
export { decodeImage, encodePng } from './data/images.js';
export { imageBatches } from './data/batches.js';
export { loadImageSet, batchFromSet, type ImageSet } from './data/image-set.js';
export { DatasetError, ImageDecodeError } from './data/errors.js';

// models
export { FACE_NORMALIZATION, parameterShapes, type ArchitectureName, type ModelSpec, type LayerNode } from './models/graph.js';
export { ARCHITECTURES, buildModelSpec, resolveArchitecture } from './models/zoo.js';
export { resnet18, resnet101, customResNet, type ModelOptions } from './models/resnet.js';
export { initParams } from './models/init.js';

// weights
export * from './weights/index.js';

// engines
export type { Classifier, ImageBatch, LabelledImages, LossGradient } from './engines/types.js';
export { initBackend, currentBackend, type BackendName, type BackendChoice } from './engines/tfjs/backend.js';
export { TfjsClassifier } from './engines/tfjs/model.js';
export { loadClassifier, type LoadClassifierOptions, type LoadedClassifier } from './engines/load.js';

// attacks and evaluation
export * from './attacks/index.js';
export * from './eval/index.js';

// study runs (driver, FGSM study, robustness, settings schema) and what they write
export * from './study/index.js';
export * from './outputs/index.js';

// training
export * from './train/index.js';
