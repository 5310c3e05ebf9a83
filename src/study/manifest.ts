/**
 * The run manifest stored in every results JSON: what a result was made from (hashes of the weights
 * and of the attacked images, the split), with what (engine, package versions, machine) and how
 * (command line), so a result can be reproduced, compared, and recognised as stale.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, platform, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { resolutionBases, resolveInstalled } from '../core/project-require.js';
import { weightsFilePaths, type TrainingInfo } from '../weights/format.js';
import { displayPath } from '../core/display-path.js';

export interface RunManifest {
  /** sha256 over the weights file(s): the .pth, or our .json + .bin. */
  readonly weightsSha256: string;
  /** sha256 over the attacked images, in attack order: each file's name and bytes. */
  readonly dataSha256: string;
  readonly images: number;
  readonly splitFile: string | null;
  readonly splitSha256: string | null;
  /** Seed of the split (training metadata), when known. */
  readonly seed: number | null;
  readonly engine: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly platform: string };
  readonly command: string;
}

/** sha256 over the files' bytes, in order. */
export async function hashFiles(paths: readonly string[], hash = createHash('sha256')): Promise<string> {
  for (const path of paths) {
    await new Promise<void>((done, fail) => {
      createReadStream(path)
        .on('data', (chunk) => hash.update(chunk))
        .on('end', done)
        .on('error', fail);
    });
  }
  return hash.digest('hex');
}

export async function weightsSha256(weights: string): Promise<string> {
  if (weights.endsWith('.pth') || weights.endsWith('.pt')) return hashFiles([weights]);
  const { manifestPath, binPath } = await weightsFilePaths(weights);
  return hashFiles(existsSync(binPath) ? [manifestPath, binPath] : [manifestPath]);
}

/** Names matter as much as bytes: the same pixels under another person's name are other data. */
export async function imagesSha256(files: readonly { readonly file: string; readonly path: string }[]): Promise<string> {
  const hash = createHash('sha256');
  for (const { file, path } of files) {
    hash.update(`${file}\u0000`);
    hash.update(await readFile(path));
  }
  return hash.digest('hex');
}

const PACKAGES = ['@tensorflow/tfjs-core', 'onnxruntime-node', 'sharp', 'danfojs-node', 'plotly.js-dist', '@vladmandic/face-api'] as const;

let versions: Record<string, string> | undefined;

/**
 * The version in the nearest package.json named `name` above `file` (packages whose "exports" hide
 * their package.json are found this way too).
 */
function packageVersionAbove(file: string, name: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version ?? 'unknown';
    } catch {
      // no package.json here: look further up
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** Versions of fgsm-faces, Node and the packages that compute or draw results. */
export function packageVersions(): Record<string, string> {
  if (versions) return versions;
  const found: Record<string, string> = { node: process.version, 'fgsm-faces': packageVersionAbove(resolutionBases()[0]!, 'fgsm-faces') };
  for (const name of PACKAGES) {
    const resolved = resolveInstalled(name);
    found[name] = resolved ? packageVersionAbove(resolved, name) : 'unknown (not found from here)';
  }
  versions = found;
  return found;
}

export interface ManifestInput {
  readonly weights: string;
  readonly attacked: readonly { readonly file: string; readonly path: string }[];
  readonly splitFile?: string;
  readonly seed?: number;
  readonly engine: string;
}

export async function buildRunManifest(input: ManifestInput): Promise<RunManifest> {
  return {
    weightsSha256: await weightsSha256(input.weights),
    dataSha256: await imagesSha256(input.attacked),
    images: input.attacked.length,
    splitFile: input.splitFile ?? null,
    splitSha256: input.splitFile && existsSync(input.splitFile) ? await hashFiles([input.splitFile]) : null,
    seed: input.seed ?? null,
    engine: input.engine,
    packages: packageVersions(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), platform: `${platform()}-${arch()}` },
    command: process.argv.slice(1).join(' '),
  };
}

/**
 * Says so when a results file about to be replaced was made from other weights (or other images):
 * the user may be comparing runs and should know the old one is gone or differs.
 */
export async function describeReplacedResults(path: string, manifest: Pick<RunManifest, 'weightsSha256' | 'dataSha256'>, weights: string): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  let old: { manifest?: Partial<RunManifest>; model?: { weights?: string } };
  try {
    old = JSON.parse(await readFile(path, 'utf8')) as typeof old;
  } catch {
    return `${path} was not a readable results file; it is replaced.`;
  }
  if (!old.manifest?.weightsSha256) return `${path} was made by an older fgsm-faces without a manifest (weights ${old.model?.weights ?? 'unknown'}); it is replaced by results for ${weights}.`;
  if (old.manifest.weightsSha256 !== manifest.weightsSha256) {
    return `${path} was made from other weights (${old.model?.weights ?? '?'}, sha256 ${old.manifest.weightsSha256.slice(0, 12)}), not ${weights} (sha256 ${manifest.weightsSha256.slice(0, 12)}); it is replaced.`;
  }
  if (old.manifest.dataSha256 !== manifest.dataSha256) return `${path} was made from other test images (data sha256 ${String(old.manifest.dataSha256).slice(0, 12)}); it is replaced.`;
  return undefined;
}

export interface ResultsManifestInput {
  readonly weights: string;
  readonly attacked: ManifestInput['attacked'];
  readonly splitFile?: string;
  /** The weights' training metadata, where the split's seed is recorded. */
  readonly training?: TrainingInfo;
  readonly engine: string;
  /** The results JSON this run is about to replace, if it exists. */
  readonly resultsPath: string;
  readonly warn: (message: string) => void;
}

/**
 * One model's manifest, as every results writer (study, robustness) records it, and the warning
 * when it replaces results made from other weights or images (also returned, for the document).
 */
export async function manifestForResults(input: ResultsManifestInput): Promise<{ manifest: RunManifest; replaced?: string }> {
  const seed = input.training?.seed;
  const manifest = await buildRunManifest({
    weights: input.weights,
    attacked: input.attacked,
    splitFile: input.splitFile,
    seed: typeof seed === 'number' ? seed : undefined,
    engine: input.engine,
  });
  const replaced = await describeReplacedResults(input.resultsPath, manifest, displayPath(input.weights));
  if (replaced) input.warn(replaced);
  return { manifest, replaced };
}
