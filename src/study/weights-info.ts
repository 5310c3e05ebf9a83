/**
 * What a weights file says about itself, read cheaply (our .json only, never the tensors), so a
 * study can check every model's architecture, classes and split before any slow work.
 */
import { existsSync } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FORMAT_NAME, validateMetadata, weightsFilePaths, type WeightsMetadata } from '../weights/format.js';
import { ConfigError } from './errors.js';

export interface WeightsInfo {
  /** The path as the user gave it (or as found in the models folder). */
  readonly path: string;
  readonly format: 'fgsm-faces' | 'pth';
  /** Our format only. */
  readonly metadata?: WeightsMetadata;
  /** Our format only: the .json holding the metadata (relative paths in it start from its folder). */
  readonly manifestPath?: string;
}

/** Our manifests are JSON; a .pth is a zip. Only the first bytes are read (a .pth can be 170 MB). */
async function startsLikeJson(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('{');
  } finally {
    await handle.close();
  }
}

/** Reads the metadata of our format; a .pth (or anything else) is left to the weights loader to judge. */
export async function readWeightsInfo(path: string): Promise<WeightsInfo> {
  const isDirectory = await stat(path).then((s) => s.isDirectory(), () => false);
  const exists = existsSync(path);
  if (!exists && !existsSync(`${path}.json`)) {
    throw new ConfigError(`weights file ${path} not found. Check the path (relative paths start at the current directory).`);
  }
  const ours = isDirectory || !exists || path.endsWith('.json') || path.endsWith('.bin') || (await startsLikeJson(path));
  if (!ours) return { path, format: 'pth' };
  const { manifestPath } = await weightsFilePaths(path);
  const text = await readFile(manifestPath, 'utf8').catch((error: Error) => {
    throw new ConfigError(`cannot read weights file ${manifestPath}: ${error.message}.`);
  });
  let document: { format?: unknown; fgsmFaces?: unknown };
  try {
    document = JSON.parse(text) as typeof document;
  } catch (error) {
    throw new ConfigError(`${manifestPath} is not valid JSON (${(error as Error).message}): the weights file is truncated or was edited; re-save it.`);
  }
  if (document?.format !== FORMAT_NAME) throw new ConfigError(`${manifestPath} is JSON but not fgsm-faces weights (no "format": "${FORMAT_NAME}").`);
  return { path, format: 'fgsm-faces', metadata: validateMetadata(document.fgsmFaces, manifestPath), manifestPath };
}

/** Every weights file of our format directly in `dir` (other JSON such as split files is ignored), by name. */
export async function findBundledWeights(dir: string): Promise<WeightsInfo[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const found: WeightsInfo[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    const text = await readFile(path, 'utf8').catch(() => '');
    let format: unknown;
    try {
      format = (JSON.parse(text) as { format?: unknown }).format;
    } catch {
      continue;
    }
    if (format === FORMAT_NAME) found.push(await readWeightsInfo(path));
  }
  return found;
}
