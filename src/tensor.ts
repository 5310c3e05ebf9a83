/**
 * A dense float tensor held in host memory, row-major (C order), as PyTorch stores it.
 * Params maps and image batches use this so that every engine (tfjs, ONNX) reads the same data.
 */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Parameters keyed by PyTorch state_dict names, e.g. `layer1.0.conv1.weight`, in PyTorch layout. */
export type ParamsMap = Map<string, HostTensor>;

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapeToString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
