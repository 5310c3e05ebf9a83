/**
 * Builds one ONNX graph op by op: every node and constant gets a unique, readable name (PyTorch
 * module paths where there is one), so the graph can be read in Netron and errors point somewhere.
 */
import type { onnx as OnnxTypes } from 'onnx-proto';
import { attributeProto, encodeModel, tensorProto, valueInfo, type Attribute, type Dim, type ElementType, type TensorData } from './proto.js';

export class GraphBuilder {
  /** Nodes and values (inputs, initializers, node outputs) are separate namespaces in ONNX. */
  private readonly nodeNames = new Set<string>();
  private readonly valueNames = new Set<string>();
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  /** Small constants by value, so that e.g. one scalar zero serves every ReLU backward. */
  private readonly constants = new Map<string, string>();

  constructor(readonly name: string) {}

  /** A fresh value name starting with `base` (suffixed `_2`, `_3`, ... when taken). */
  unique(base: string): string {
    return freshName(this.valueNames, base);
  }

  input(name: string, type: ElementType, dims: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares `value` (a node output) a graph output under its own name. */
  output(value: string, type: ElementType, dims: readonly Dim[]): void {
    this.outputs.push(valueInfo(value, type, dims));
  }

  /** A weight or other constant tensor; returns its name. */
  initializer(base: string, data: TensorData, dims: readonly number[]): string {
    const name = this.unique(base);
    this.initializers.push(tensorProto(name, data, dims));
    return name;
  }

  /** A small constant, shared by every user of the same value and shape. */
  constant(data: TensorData, dims: readonly number[]): string {
    const key = `${data.constructor.name}[${dims.join(',')}]:${Array.from(data as ArrayLike<number | bigint>, String).join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.initializer(`const_${this.constants.size}`, data, dims);
      this.constants.set(key, name);
    }
    return name;
  }

  int64s(values: readonly number[]): string {
    return this.constant(BigInt64Array.from(values, BigInt), [values.length]);
  }

  scalar(value: number): string {
    return this.constant(Float32Array.of(value), []);
  }

  /**
   * Adds a node; returns its output names. `label` names the node and its outputs; pass
   * `outputNames` to give outputs exact names (graph outputs).
   */
  node(opType: string, inputs: readonly string[], label: string, attributes: Record<string, Attribute> = {}, outputs: number | readonly string[] = 1): string[] {
    const nodeName = freshName(this.nodeNames, label);
    const outputNames =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, (_, i) => this.unique(i === 0 ? nodeName : `${nodeName}:${i}`))
        : outputs.map((name) => this.claim(name));
    this.nodes.push({
      name: nodeName,
      opType,
      input: [...inputs],
      output: outputNames,
      attribute: Object.entries(attributes).map(([key, value]) => attributeProto(key, value)),
    });
    return outputNames;
  }

  /** A node with exactly one output. */
  op(opType: string, inputs: readonly string[], label: string, attributes: Record<string, Attribute> = {}): string {
    return this.node(opType, inputs, label, attributes)[0]!;
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  encode(docString: string): Uint8Array {
    return encodeModel(
      { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
      docString,
    );
  }

  private claim(name: string): string {
    if (this.valueNames.has(name)) throw new Error(`ONNX graph ${this.name}: the name "${name}" is used twice`);
    this.valueNames.add(name);
    return name;
  }
}

function freshName(taken: Set<string>, base: string): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}
