/**
 * Fresh parameters for a model description, initialised like torchvision's ResNets (seeded):
 * conv weights kaiming-normal (fan_out, ReLU gain), BatchNorm weight 1 / bias 0 / running stats
 * 0 and 1, conv biases and Linear like nn.Linear's default (uniform +-1/sqrt(fan_in)).
 */
import seedrandom from 'seedrandom';
import type { HostTensor, ParamsMap } from '../tensor.js';
import { sizeOf } from '../tensor.js';
import { parameterShapes, type ModelSpec } from './graph.js';

function filled(shape: number[], value: (i: number) => number): HostTensor {
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = value(i);
  return { shape, data };
}

function gaussian(random: () => number): () => number {
  return () => {
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export function initParams(spec: ModelSpec, seed = 0): ParamsMap {
  const random = seedrandom(`fgsm-faces:${seed}`);
  const normal = gaussian(random);
  const params: ParamsMap = new Map();
  const shapes = parameterShapes(spec);
  for (const [name, shape] of shapes) {
    const suffix = name.slice(name.lastIndexOf('.') + 1);
    if (shape.length === 4) {
      const fanOut = shape[0]! * shape[2]! * shape[3]!;
      const std = Math.sqrt(2 / fanOut);
      params.set(name, filled(shape, () => normal() * std));
    } else if (shape.length === 2) {
      const bound = 1 / Math.sqrt(shape[1]!);
      params.set(name, filled(shape, () => (random() * 2 - 1) * bound));
    } else if (suffix === 'running_var' || (suffix === 'weight' && isBatchNorm(shapes, name))) {
      params.set(name, filled(shape, () => 1));
    } else if (suffix === 'bias' && !isBatchNorm(shapes, name)) {
      const weight = shapes.get(name.replace(/bias$/, 'weight'))!;
      const fanIn = weight.slice(1).reduce((a, b) => a * b, 1);
      const bound = 1 / Math.sqrt(fanIn);
      params.set(name, filled(shape, () => (random() * 2 - 1) * bound));
    } else {
      params.set(name, filled(shape, () => 0));
    }
  }
  return params;
}

function isBatchNorm(shapes: Map<string, number[]>, name: string): boolean {
  return shapes.has(name.replace(/[^.]+$/, 'running_mean'));
}
