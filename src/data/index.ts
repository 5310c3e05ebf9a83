/**
 * The face dataset: its index (Dataset.csv, dataset_faces.csv or the Faces folder), stratified
 * splits and split files, image decoding (Pillow-compatible resize), batches and the sample faces.
 */
export { loadFaceDataset, type FaceDataset } from './dataset.js';
export { loadFaceIndex, type FaceEntry, type FaceIndex, type FaceIndexOptions, type ExcludedRow, type IndexSource } from './face-index.js';
export { readIndexCsv, type IndexCsv, type IndexCsvRow, type LabelForm } from './index-csv.js';
export { compareCodePoints, sortedUniqueNames, nameFromFileName, hasImageExtension } from './face-names.js';
export { FACES_FOLDER, listFaceImages } from './faces-folder.js';
export { countClasses, classCountsFrame, entriesFrame, type ClassCount } from './class-counts.js';
export { stratifiedSplit, carveValidation, seededShuffle, heldOutCount, type SplitOptions, type TrainTestSplit, type ValidationOptions } from './split.js';
export { readSplitFile, writeSplitFile, indexHash, type SplitFileContents, type ReadSplitOptions } from './split-file.js';
export {
  decodeImage,
  encodePng,
  readRgb8,
  readResizedRgb8,
  toUnitFloat,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_FILE_BYTES,
  type DecodeOptions,
  type Resampler,
  type Rgb8Image,
} from './images.js';
export { resizeBilinearLikePillow, resizeFloat, resizeFloatTranspose, bilinearWeights, type ResampleWeights } from './pillow-resize.js';
export { imageBatches, type LabelledBatch, type SkippedImage, type BatchOptions, type BatchStream } from './batches.js';
export { loadImageSet, batchFromSet, type ImageSet, type ImageSetOptions } from './image-set.js';
export { DatasetError, ImageDecodeError, type DatasetErrorCode } from './errors.js';
export {
  generateSampleFaces,
  faceSvg,
  renderSampleFace,
  sampleFaceFileName,
  datasetCsv,
  faceIdentity,
  photoVariation,
  drawFaceSvg,
  SAMPLE_PEOPLE,
  DEFAULT_SAMPLE_FACES_OPTIONS,
  type SampleFacesOptions,
  type PhotoOptions,
  type FaceIdentity,
  type PhotoVariation,
} from './sample-faces.js';
export { prepareFaceChips, defaultChipCacheDir, MAX_PHOTO_SIDE, type FaceChip, type FaceChips, type FaceChipsOptions, type SkippedPhoto } from './face-chips.js';
export { FACE_REGIONS, REGION_NAMES, faceFrame, toFaceUnits, regionContains, regionMask, maskCoverage, type RegionName, type RegionShape, type RingShape, type BarShape, type SquareShape, type Anchor, type FaceFrame } from './face-regions.js';
