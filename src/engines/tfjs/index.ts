/**
 * The TensorFlow.js engine: backend choice (native, wasm, cpu), the classifier, and the ops with
 * hand-written gradients it is built from (stock tfjs gradients are not registered in Node).
 */
export { initBackend, currentBackend, nativeDetail, TFJS_GPU_REQUIREMENTS, type BackendName, type BackendPreference, type BackendChoice, type InitBackendOptions } from './backend.js';
export { TfjsEmbedder } from './embedder.js';
export { TfjsClassifier, toTfjsParams, toHostParams, forwardLogits, batchTensor, type TfjsParams, type ForwardMode } from './model.js';
export {
  add,
  batchNormEval,
  batchNormTrain,
  conv2d,
  conv2dFilterGradient,
  conv2dInputGradient,
  crossEntropySum,
  avgPool2d,
  channelAffine,
  zeroPad,
  globalAvgPool,
  linear,
  maxPool2d,
  normalizeChannels,
  relu,
  squaredDistanceSum,
  type BatchNormTrainResult,
} from './ops.js';
