/**
 * The few ONNX protobuf messages this engine writes (tensors, attributes, typed graph inputs and
 * outputs, the model), as plain objects for onnx-proto's protobufjs-generated encoder.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

// onnx-proto is CommonJS: Node's ESM loader only offers its module.exports as the default export.
export const { onnx } = onnxProto;

/** The opset the graphs are written for: 16+ has ScatterElements(reduction="add"), 15+ Shape(start,end). */
export const OPSET = 17;
/** IR version 8 pairs with opset 17 (ONNX 1.12), and is the newest onnx-proto 8 knows. */
export const IR_VERSION = 8;

export type ElementType = 'float32' | 'int32' | 'int64' | 'bool';

const DATA_TYPES: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

export function dataType(type: ElementType): number {
  return DATA_TYPES[type];
}

/** Typed array data of an initializer; int64 as BigInt64Array. */
export type TensorData = Float32Array | Int32Array | BigInt64Array;

function elementTypeOf(data: TensorData): ElementType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'int64';
}

/** A constant tensor, stored as little-endian raw bytes (as every ONNX reader expects). */
export function tensorProto(name: string, data: TensorData, dims: readonly number[]): OnnxTypes.ITensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`ONNX tensor ${name}: ${data.length} values for shape [${dims.join(', ')}]`);
  return {
    name,
    dims: [...dims],
    dataType: dataType(elementTypeOf(data)),
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/** A node attribute; the kind decides the protobuf field (ONNX attributes are strictly typed). */
export type Attribute =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'tensor'; readonly value: TensorData; readonly dims: readonly number[] };

export const attr = {
  int: (value: number): Attribute => ({ kind: 'int', value }),
  ints: (value: readonly number[]): Attribute => ({ kind: 'ints', value }),
  float: (value: number): Attribute => ({ kind: 'float', value }),
  string: (value: string): Attribute => ({ kind: 'string', value }),
  tensor: (value: TensorData, dims: readonly number[]): Attribute => ({ kind: 'tensor', value, dims }),
};

const TYPES = onnx.AttributeProto.AttributeType;

export function attributeProto(name: string, a: Attribute): OnnxTypes.IAttributeProto {
  switch (a.kind) {
    case 'int':
      return { name, type: TYPES.INT, i: a.value };
    case 'ints':
      return { name, type: TYPES.INTS, ints: [...a.value] };
    case 'float':
      return { name, type: TYPES.FLOAT, f: a.value };
    case 'string':
      return { name, type: TYPES.STRING, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { name, type: TYPES.TENSOR, t: tensorProto(name, a.value, a.dims) };
  }
}

/** A dimension: a number, or a name for a dynamic one (the batch, `N`). */
export type Dim = number | string;

export function valueInfo(name: string, type: ElementType, dims: readonly Dim[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: dataType(type),
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Serialises a graph into a standalone .onnx model (weights inside). */
export function encodeModel(graph: OnnxTypes.IGraphProto, docString: string): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'fgsm-faces',
    docString,
    graph,
  }).finish();
}
