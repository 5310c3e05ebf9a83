/**
 * Shared by the CLI tests: a tiny face-like dataset drawn with sharp (people told apart by colour
 * and stripe pattern, photos by noise), and a runner for `node --import tsx src/cli/main.ts`.
 */
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import sharp from 'sharp';

/** The repo root, whatever the current directory. */
export const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAIN = join(PROJECT, 'src', 'cli', 'main.ts');

const PALETTE: readonly [number, number, number][] = [
  [200, 60, 60],
  [60, 170, 70],
  [60, 80, 200],
  [210, 190, 50],
];

/** `<dir>/Faces/<Name>_<i>.jpg` + `<dir>/Dataset.csv`, `people` x `perPerson` photos of `size` px. */
export async function drawTinyFaces(dir: string, options: { people?: number; perPerson?: number; size?: number; names?: readonly string[] } = {}): Promise<string[]> {
  const people = options.people ?? 3;
  const perPerson = options.perPerson ?? 6;
  const size = options.size ?? 32;
  const names = (options.names ?? ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Katherine Johnson']).slice(0, people);
  mkdirSync(join(dir, 'Faces'), { recursive: true });
  const rows: string[] = ['id,label'];
  for (const [p, name] of names.entries()) {
    const [r, g, b] = PALETTE[p % PALETTE.length]!;
    for (let i = 0; i < perPerson; i++) {
      const random = seedrandom(`${name}:${i}`);
      const pixels = Buffer.alloc(size * size * 3);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const stripe = Math.floor((x + y * p) / (3 + p)) % 2 === 0 ? 1 : 0.6;
          const o = (y * size + x) * 3;
          const noise = () => (random() - 0.5) * 40;
          pixels[o] = clampByte(r * stripe + noise());
          pixels[o + 1] = clampByte(g * stripe + noise());
          pixels[o + 2] = clampByte(b * stripe + noise());
        }
      }
      const file = `${name}_${i}.jpg`;
      writeFileSync(join(dir, 'Faces', file), await sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
      rows.push(`${file},${name}`);
    }
  }
  writeFileSync(join(dir, 'Dataset.csv'), `${rows.join('\n')}\n`);
  return names;
}

function clampByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion (wasm backend unless the caller says otherwise). */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; onStart?: (child: ReturnType<typeof spawn>) => void } = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: options.cwd ?? PROJECT,
      env: { ...process.env, FGSM_DEBUG: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    options.onStart?.(child);
  });
}

/** The lines of stderr that are errors (`fgsm-faces: error: ...`). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('fgsm-faces: error:'));
}

/**
 * Runs the CLI with `args` and a fresh --out folder under `parent`; expects one clear error line
 * matching `message`, a non-zero code, no stack trace and no results file.
 */
export async function expectRefused(parent: string, args: readonly string[], message: RegExp): Promise<void> {
  const out = join(parent, `refused-${Math.random().toString(36).slice(2)}`);
  const run = await runCli([...args, '--out', out]);
  assert.notEqual(run.code, 0, run.stderr);
  const errors = errorLines(run.stderr);
  assert.equal(errors.length, 1, run.stderr);
  assert.match(errors[0]!, message);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  const files = existsSync(out) ? readdirSync(out) : [];
  assert.deepEqual(files, [], `no results file: ${files.join(', ')}`);
}
