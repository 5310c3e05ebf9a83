/** Weights I/O: PyTorch .pth (read safely, write torch-loadable), fgsm-faces .json+.bin, strict matching. */
export { WeightsError, type WeightsErrorCode } from './errors.js';
export { readPth, readPthFile, writePth, writePthFile, type PthContents, type WritePthOptions } from './pth.js';
export { matchParams, inspectWeights, checkFinite, type MatchOptions, type WeightsIdentity } from './strict.js';
export {
  saveWeights,
  loadWeights,
  specFromMetadata,
  weightsFilePaths,
  FORMAT_VERSION,
  type WeightsMetadata,
  type WeightsMetadataInput,
  type TrainingInfo,
  type StoredDtype,
  type SaveWeightsOptions,
  type LoadedWeightsFile,
} from './format.js';
export { loadModelWeights, type LoadedModelWeights } from './load.js';
