/**
 * Finds the PyTorch used as the reference (Debian python3-torch at /usr/bin/python3), for the bench
 * and the parity tests alike (FGSM_TORCH_PYTHON names another interpreter).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = process.env.FGSM_TORCH_PYTHON ?? '/usr/bin/python3';

let cached: string | undefined | null = null;

/** Undefined when PyTorch is usable, else the reason to skip. */
export function pytorchMissingReason(): string | undefined {
  if (cached !== null) return cached;
  if (!existsSync(PYTHON)) {
    cached = `PyTorch reference not found: ${PYTHON} does not exist (apt-get install python3-torch python3-torchvision)`;
  } else {
    const probe = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
    cached = probe.status === 0 ? undefined : `PyTorch reference not importable with ${PYTHON} (apt-get install python3-torch python3-torchvision): ${probe.stderr.trim().split('\n').pop()}`;
  }
  return cached;
}

/** Runs a Python script with the reference interpreter; throws with its stderr on failure. */
export function runPython(script: string, args: string[]): string {
  const run = spawnSync(PYTHON, [script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${script} failed (exit ${run.status}):\n${run.stderr}`);
  return run.stdout;
}
