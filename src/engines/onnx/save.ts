/** Writes the two compiled graphs to disk, for inspection (Netron) or for another ONNX runtime. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EmbeddingSpec, ModelSpec } from '../../models/graph.js';
import type { ParamsMap } from '../../tensor.js';
import { compileForwardModel, compileGradientModel, type CompileOptions } from './compile.js';

/** `<path>.forward.onnx` and `<path>.gradient.onnx` (a trailing `.onnx` on `path` is dropped); returns both paths. */
export async function writeOnnxModels(spec: ModelSpec | EmbeddingSpec, params: ParamsMap, path: string, options: CompileOptions = {}): Promise<string[]> {
  const stem = path.replace(/\.onnx$/i, '');
  await mkdir(dirname(stem), { recursive: true });
  const forwardPath = `${stem}.forward.onnx`;
  const gradientPath = `${stem}.gradient.onnx`;
  await writeFile(forwardPath, compileForwardModel(spec, params, options));
  await writeFile(gradientPath, compileGradientModel(spec, params, options));
  return [forwardPath, gradientPath];
}
