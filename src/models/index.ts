/** Models as data: the layer graph of a ResNet (graph.ts), the named architectures (zoo.ts) and seeded initial parameters. */
export {
  FACE_NORMALIZATION,
  parameterShapes,
  trainableParameterCount,
  walkLayers,
  type ArchitectureName,
  type ModelSpec,
  type LayerNode,
  type Normalization,
  type Conv2dNode,
  type BatchNormNode,
  type ReluNode,
  type MaxPoolNode,
  type ResidualNode,
  type GlobalAvgPoolNode,
  type LinearNode,
} from './graph.js';
export { ARCHITECTURES, buildModelSpec, resolveArchitecture } from './zoo.js';
export { resnet18, resnet101, customResNet, type ModelOptions } from './resnet.js';
export { initParams } from './init.js';
