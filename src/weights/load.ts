/**
 * One entry point for weights of any supported kind, chosen by content rather than extension:
 * a zip is a PyTorch .pth; JSON (or a folder holding weights.json) is an fgsm-faces pair.
 */
import { open, stat } from 'node:fs/promises';
import type { ModelSpec } from '../models/graph.js';
import type { ParamsMap } from '../tensor.js';
import { WeightsError, describeFileStart } from './errors.js';
import { loadWeights, type WeightsMetadata } from './format.js';
import { readPthFile } from './pth.js';
import { matchParams } from './strict.js';
import { hasZipMagic } from './zip.js';

export interface LoadedModelWeights {
  /** Matched strictly to `spec` (in its order) when one was given; otherwise everything the file holds. */
  params: ParamsMap;
  format: 'pth' | 'fgsm-faces';
  /** Only fgsm-faces files carry metadata (class names, normalisation, training info). */
  metadata?: WeightsMetadata;
  notes: string[];
}

async function firstBytes(path: string, count: number): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'file not found. Check the path (relative paths start at the current directory).' : `cannot be read (${error.message}).`;
    throw new WeightsError('missing-file', path, why);
  });
  try {
    const buffer = new Uint8Array(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function detectFormat(path: string): Promise<'pth' | 'fgsm-faces'> {
  if (await stat(path).then((s) => s.isDirectory(), () => false)) return 'fgsm-faces';
  if (path.endsWith('.bin')) return 'fgsm-faces'; // the data half of a pair: loadWeights finds its .json
  const head = await firstBytes(path, 512);
  if (hasZipMagic(head)) return 'pth';
  if (new TextDecoder().decode(head).trimStart().startsWith('{')) return 'fgsm-faces';
  // Legacy (pre-1.6) PyTorch files start with a pickle or a tar header: readPth explains those.
  if (head.length === 0 || head[0] === 0x80 || new TextDecoder().decode(head.subarray(257, 262)) === 'ustar') return 'pth';
  throw new WeightsError(
    'unknown-format',
    path,
    `unknown weights format: ${describeFileStart(head)}. Expected a PyTorch .pth (torch.save zip) or an fgsm-faces .json manifest (saveWeights).`,
  );
}

/**
 * Loads weights from `path`. With a spec, params are fitted like load_state_dict(strict=True)
 * and a mismatch throws one error that names what the file fits instead.
 */
export async function loadModelWeights(path: string, spec?: ModelSpec): Promise<LoadedModelWeights> {
  const format = await detectFormat(path);
  if (format === 'pth') {
    const { tensors, notes } = await readPthFile(path);
    return { format, params: spec ? matchParams(spec, tensors, { source: path }) : tensors, notes };
  }
  const { params, metadata, manifestPath } = await loadWeights(path);
  const notes: string[] = [];
  if (spec && spec.inputSize !== metadata.inputSize) {
    notes.push(`the weights were trained at ${metadata.inputSize}x${metadata.inputSize} px; the model is built for ${spec.inputSize}x${spec.inputSize}`);
  }
  return { format, params: spec ? matchParams(spec, params, { source: manifestPath }) : params, metadata, notes };
}
