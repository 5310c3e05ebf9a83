/**
 * A results folder that never shows a half-finished run. A study writes every file into a hidden
 * staging folder inside it and moves them into place only once all are complete (results JSON
 * files last), so Ctrl-C or a kill leaves the previous complete results, not a mix. A lock file
 * keeps two runs from writing into the same folder at once; what a killed run left behind (its
 * lock, its staging folder) is recognised by its dead process id and cleared by the next run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { syncToDisk } from '../core/atomic-write.js';
import { ConfigError } from './errors.js';

const LOCK_NAME = '.fgsm-faces.lock';
const STAGE_PREFIX = '.fgsm-run-';

export interface RunFolder {
  /** The results folder the user named. */
  readonly out: string;
  /** Where this run writes; moved into `out` by commit(). */
  readonly stage: string;
  /** Final path of a file written in the stage. */
  finalPath(stagedPath: string): string;
  /** Moves every staged file into `out` (JSON files last), removes the stage and the lock. */
  commit(): Promise<string[]>;
  /** Drops the staged files and the lock: the folder keeps its previous results. */
  discard(): Promise<void>;
}

interface LockContent {
  readonly pid: number;
  readonly startedAt: string;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, startedAt: String(parsed.startedAt ?? '?') } : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

/** Takes the folder's lock, or explains who holds it. A lock of a dead process is taken over. */
async function takeLock(out: string): Promise<string> {
  const path = join(out, LOCK_NAME);
  const content = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockContent);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(content);
      await handle.close();
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(path);
    if (holder && holder.pid !== process.pid && processAlive(holder.pid)) {
      throw new ConfigError(`${resolve(out)} is being written by another fgsm-faces run (process ${holder.pid}, started ${holder.startedAt}). Fix: wait for it to finish, or choose another --out folder.`);
    }
    await rm(path, { force: true }); // stale: its run was killed
  }
  throw new ConfigError(`could not lock ${resolve(out)} (${LOCK_NAME} keeps reappearing). Fix: check that no other run is writing there, or choose another --out folder.`);
}

/** Removes staging folders and temporary files left by runs that were killed. */
async function clearLeftovers(out: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(out)) {
    const stage = /^\.fgsm-run-(\d+)-[0-9a-f]+$/.exec(name);
    const temporary = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp(\.[^.]*)?$/.exec(name);
    const pid = Number((stage ?? temporary)?.[1]);
    if ((stage || temporary) && pid !== process.pid && !processAlive(pid)) {
      await rm(join(out, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

async function stagedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && !e.name.includes('.tmp')).map((e) => join(e.parentPath ?? (e as { path: string }).path, e.name));
}

export async function openRunFolder(out: string, options: { warn?: (message: string) => void } = {}): Promise<RunFolder> {
  await mkdir(out, { recursive: true });
  const lock = await takeLock(out);
  try {
    const removed = await clearLeftovers(out);
    if (removed.length > 0) options.warn?.(`removed what an interrupted earlier run left in ${out}: ${removed.join(', ')}`);
    const stage = join(out, `${STAGE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(stage);
    const finalPath = (stagedPath: string) => join(out, relative(stage, stagedPath));
    return {
      out,
      stage,
      finalPath,
      async commit() {
        const files = await stagedFiles(stage);
        // Results JSON files name the others: they arrive last, when the others are in place.
        const ordered = [...files.filter((f) => !f.endsWith('.json')), ...files.filter((f) => f.endsWith('.json')).sort()];
        const folders = new Set<string>();
        for (const file of ordered) {
          const folder = resolve(finalPath(file), '..');
          await mkdir(folder, { recursive: true });
          await rename(file, finalPath(file));
          folders.add(folder);
        }
        // The renames reach the disk before the run reports success (each file was synced when written).
        for (const folder of folders) await syncToDisk(folder);
        await rm(stage, { recursive: true, force: true });
        await rm(lock, { force: true });
        return ordered.map(finalPath);
      },
      async discard() {
        await rm(stage, { recursive: true, force: true });
        await rm(lock, { force: true });
      },
    };
  } catch (error) {
    await rm(lock, { force: true });
    throw error;
  }
}
