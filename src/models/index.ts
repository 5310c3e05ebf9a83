/** Models as data: the layer graph (graph.ts), the named architectures (zoo.ts), face-api's recognizer and seeded initial parameters. */
export {
  FACE_NORMALIZATION,
  parameterShapes,
  trainableParameterCount,
  walkLayers,
  windowedSize,
  outputWidth,
  type ArchitectureName,
  type EmbeddingArchitectureName,
  type NetworkSpec,
  type ModelSpec,
  type EmbeddingSpec,
  type LayerNode,
  type Normalization,
  type Conv2dNode,
  type BatchNormNode,
  type ChannelAffineNode,
  type ReluNode,
  type MaxPoolNode,
  type AvgPoolNode,
  type ZeroPadNode,
  type ResidualNode,
  type GlobalAvgPoolNode,
  type LinearNode,
} from './graph.js';
export { ARCHITECTURES, buildModelSpec, resolveArchitecture } from './zoo.js';
export { resnet18, resnet101, customResNet, type ModelOptions } from './resnet.js';
export { initParams } from './init.js';
export { faceApiRecognizer, FACEAPI_EMBEDDING_SIZE, FACEAPI_INPUT_SIZE, FACEAPI_MATCH_THRESHOLD } from './face-recognizer.js';
