/**
 * The ONNX Runtime engine: the fast CPU path for sweeps. A ModelSpec + ParamsMap compiles to two
 * ONNX graphs (forward; forward + hand-written input-gradient backward) run by onnxruntime-node.
 */
export { OnnxClassifier, type OnnxClassifierOptions } from './classifier.js';
export { OnnxEmbedder } from './embedder.js';
export { OnnxSessionPair, type OnnxSessionOptions } from './sessions.js';
export { compileForwardModel, compileGradientModel, type CompileOptions } from './compile.js';
export { createClassifierPreferringOnnx, createEmbedderPreferringOnnx, preferringOnnx, type EngineFactories, type PreferOnnxOptions, type PreferredClassifier } from './fallback.js';
export { onnxAvailable, type OnnxDevice } from './runtime.js';
export { onnxCudaAvailable, onnxCudaProviderPath, ONNX_CUDA_INSTALL, ONNX_CUDA_REQUIREMENTS } from './cuda.js';
export { writeOnnxModels } from './save.js';
export { batchNormAffine, channelAffineOf, convWeights, flippedTransposedFilters, requireParam, type ChannelAffine, type ConvWeights } from './weights.js';
