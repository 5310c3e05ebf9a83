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
  STORED_DTYPES,
  type SaveWeightsOptions,
  type LoadedWeightsFile,
} from './format.js';
export { loadModelWeights, type LoadedModelWeights } from './load.js';
// Lower-level pieces of the formats, for tests and tools that build or inspect files byte by byte.
export { float32ToFloat16Bits, float16BitsToFloat32, decodeFloat16Array, encodeFloat16Array, bfloat16BitsToFloat32, FLOAT16_MAX } from './float16.js';
export { PickleWriter, stateDictPickle, type PickledTensor } from './pickle-writer.js';
export { unpickleTorch } from './torch-unpickle.js';
export { readZipDirectory, readZipEntry, writeStoredZip, hasZipMagic, type ZipEntry, type ZipInput } from './zip.js';
export { loadFaceApiParams, faceApiModelFolder, faceApiParamName, FACEAPI_RECOGNIZER_MANIFEST } from './faceapi.js';
export { parseManifestGroups, readManifestTensors, type ManifestEntry, type ManifestGroup, type Quantization } from './tfjs-manifest.js';
