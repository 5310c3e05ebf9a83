/**
 * Runs fuzz families in worker processes with a per-input timeout, and tallies outcomes.
 * A worker that exceeds the timeout on an input is killed (SIGKILL: native code such as libvips
 * cannot be interrupted otherwise) and the input is counted as a hang; a worker that dies (fatal
 * OOM, abort) counts a crash; either way a new worker continues after that input.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAMILY_NAMES, isFamily } from './families/index.js';
import type { Outcome } from './types.js';

export type ProfileName = 'quick' | 'long';

export interface Profile {
  /** Inputs per family (crafted ones included). */
  readonly counts: Readonly<Record<string, number>>;
  /** Per-input timeout: longer is a hang. */
  readonly timeoutMs: number;
  /** Wall-clock cap per family; the table says how many inputs ran within it. */
  readonly familyBudgetMs: number;
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  // Sized to take ~40 s on 2 busy cores, inside `npm test`.
  quick: { counts: { 'pth-pickle': 8000, 'pth-zip': 3000, 'pth-storage': 5000, images: 1500, csv: 800, 'faceapi-manifest': 400, 'face-photos': 60, _selftest: 5 }, timeoutMs: 15_000, familyBudgetMs: 30_000 },
  // ~5 minutes: each family runs until its minute is up.
  long: { counts: { 'pth-pickle': 1e7, 'pth-zip': 1e7, 'pth-storage': 1e7, images: 1e7, csv: 1e7, 'faceapi-manifest': 1e7, 'face-photos': 1e7 }, timeoutMs: 15_000, familyBudgetMs: 60_000 },
};

export interface Failure {
  readonly index: number;
  readonly label: string;
  readonly kind: 'crash' | 'hang';
  readonly detail: string;
}

export interface FamilyReport {
  readonly family: string;
  tried: number;
  accepted: number;
  clear: number;
  crashes: number;
  hangs: number;
  /** Highest max-RSS (bytes) any worker of this family reached. */
  peakRss: number;
  elapsedMs: number;
  readonly failures: Failure[];
}

export interface FuzzReport {
  readonly profile: ProfileName;
  readonly seed: number;
  readonly families: FamilyReport[];
  /** True when the canary that a code-running pickle would create exists. */
  readonly codeExecuted: boolean;
}

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts');
/** Generous: crafted inputs (zip bombs) are built at worker start, and tsx compiles on first load. */
const STARTUP_TIMEOUT_MS = 120_000;
/** Worker heap cap: a memory blow-up becomes a counted crash instead of swamping the machine. */
const WORKER_HEAP_MB = 1536;

type Message = { t: 'start'; i: number; label: string } | { t: 'done'; i: number; label: string; outcome: Outcome; detail?: string; rss: number } | { t: 'end'; rss: number };

function runWorker(
  family: string,
  options: { seed: number; start: number; end: number; workDir: string; canary: string; deadline: number; timeoutMs: number },
  report: FamilyReport,
): Promise<number> {
  return new Promise((resolve) => {
    const child = fork(WORKER, [JSON.stringify({ family, ...options })], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${WORKER_HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-2000);
    });
    let current: { i: number; label: string } | undefined;
    let next = options.start;
    let ended = false;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, ms);
    };
    arm(STARTUP_TIMEOUT_MS);
    child.on('message', (m: Message) => {
      if (m.t === 'start') {
        current = { i: m.i, label: m.label };
        arm(options.timeoutMs);
      } else if (m.t === 'done') {
        current = undefined;
        next = m.i + 1;
        report.tried++;
        report.peakRss = Math.max(report.peakRss, m.rss);
        if (m.outcome === 'accepted') report.accepted++;
        else if (m.outcome === 'clear') report.clear++;
        else {
          report.crashes++;
          report.failures.push({ index: m.i, label: m.label, kind: 'crash', detail: m.detail ?? 'crash' });
        }
        arm(STARTUP_TIMEOUT_MS);
      } else {
        ended = true;
        report.peakRss = Math.max(report.peakRss, m.rss);
        clearTimeout(timer);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (ended) return resolve(options.end);
      report.tried++;
      if (timedOut) {
        report.hangs++;
        report.failures.push({ index: current?.i ?? next, label: current?.label ?? '(worker start)', kind: 'hang', detail: `no result within ${current ? options.timeoutMs : STARTUP_TIMEOUT_MS} ms` });
      } else {
        report.crashes++;
        report.failures.push({ index: current?.i ?? next, label: current?.label ?? '(worker start)', kind: 'crash', detail: `worker died (code ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
      }
      // Died inside an input: go on after it. Died making input `next`: skip it. Died before its
      // first input: it would die again, so stop this family.
      resolve(current ? current.i + 1 : next > options.start ? next + 1 : options.end);
    });
  });
}

export interface RunOptions {
  readonly profile: ProfileName;
  readonly seed: number;
  readonly families?: readonly string[];
  readonly timeoutMs?: number;
  /** Run only inputs [from, from + count) of each family: to replay a reported failure. */
  readonly from?: number;
  readonly count?: number;
  readonly log?: (line: string) => void;
}

export async function runFuzz(options: RunOptions): Promise<FuzzReport> {
  const profile = { ...PROFILES[options.profile], ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const workRoot = mkdtempSync(join(tmpdir(), 'fgsm-fuzz-'));
  const canary = join(workRoot, 'CANARY-code-was-executed');
  const families: FamilyReport[] = [];
  try {
    const unknown = options.families?.filter((f) => !isFamily(f)) ?? [];
    if (unknown.length) throw new Error(`Unknown fuzz family ${unknown.join(', ')}; known: ${FAMILY_NAMES.join(', ')}`);
    for (const name of options.families ?? FAMILY_NAMES) {
      const family = { name };
      const report: FamilyReport = { family: family.name, tried: 0, accepted: 0, clear: 0, crashes: 0, hangs: 0, peakRss: 0, elapsedMs: 0, failures: [] };
      const started = Date.now();
      const deadline = started + profile.familyBudgetMs;
      let start = options.from ?? 0;
      const end = options.count !== undefined ? start + options.count : (profile.counts[family.name] ?? 0);
      while (start < end && Date.now() < deadline) {
        const workDir = mkdtempSync(join(workRoot, `${family.name}-`));
        start = await runWorker(family.name, { seed: options.seed, start, end, workDir, canary, deadline, timeoutMs: profile.timeoutMs }, report);
        rmSync(workDir, { recursive: true, force: true });
        if (report.failures.length > 50) break; // something is badly wrong; the first ones tell
      }
      report.elapsedMs = Date.now() - started;
      families.push(report);
      options.log?.(`${family.name}: ${report.tried} inputs in ${(report.elapsedMs / 1000).toFixed(1)} s`);
    }
    return { profile: options.profile, seed: options.seed, families, codeExecuted: existsSync(canary) };
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
}

export function formatTable(report: FuzzReport): string {
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  const rows = report.families.map((f) => `| ${f.family} | ${f.tried} | ${f.accepted} | ${f.clear} | ${f.crashes} | ${f.hangs} | ${mb(f.peakRss)} | ${(f.elapsedMs / 1000).toFixed(1)} s |`);
  const total = report.families.reduce((a, f) => ({ tried: a.tried + f.tried, accepted: a.accepted + f.accepted, clear: a.clear + f.clear, crashes: a.crashes + f.crashes, hangs: a.hangs + f.hangs }), { tried: 0, accepted: 0, clear: 0, crashes: 0, hangs: 0 });
  return [
    `Fuzz profile ${report.profile}, seed ${report.seed}`,
    '',
    '| family | inputs tried | accepted | clear errors | crashes | hangs | peak RSS | time |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    `| **total** | ${total.tried} | ${total.accepted} | ${total.clear} | ${total.crashes} | ${total.hangs} | | |`,
    '',
    `Code executed by a malicious pickle: ${report.codeExecuted ? 'YES (canary file created)' : 'no (canary file absent)'}`,
  ].join('\n');
}

export function failed(report: FuzzReport): boolean {
  return report.codeExecuted || report.families.some((f) => f.crashes > 0 || f.hangs > 0);
}
