/**
 * Every command a user runs answers --help (usage with its options and an example, exit 0, no
 * work done) and refuses an unknown flag (exit 2, one stderr line naming it, no stack trace, no
 * work done). The commands are the package.json scripts that run `node --import tsx <file>`, run
 * with their prefix arguments read from package.json (so this follows package.json), plus the
 * user-facing scripts that have no npm script. Work that help must not start is caught three ways:
 * a fake Jupyter and a fake PyTorch Python that leave a mark when run, an output path in a temporary
 * folder that must stay absent, and a time limit far below any real run (notebook, study, bench).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT } from './helpers.js';

/** Help loads the script's imports (tfjs, onnxruntime: a few seconds under load) and nothing more. */
const TIME_LIMIT_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'fgsm-help-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Programs help must not start, Jupyter (notebook scripts) and PyTorch's Python (benches), replaced
// by one that notes its command line in the run's own mark file ($FGSM_TEST_MARK).
const FAKE = join(dir, 'fake-program');
writeFileSync(FAKE, '#!/bin/sh\necho "$0 $*" >> "$FGSM_TEST_MARK"\nexit 1\n');
chmodSync(FAKE, 0o755);

interface UserCommand {
  /** How users start it, e.g. `npm run notebook:report`. */
  readonly names: string[];
  /** After `node --import tsx`: the file and the prefix arguments. */
  readonly args: readonly string[];
}

/** The package.json scripts of the form `node --import tsx <file> [prefix args]`, one per distinct command line. */
function npmCommands(): UserCommand[] {
  const scripts = (JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const byLine = new Map<string, UserCommand>();
  for (const [name, line] of Object.entries(scripts)) {
    const match = /^node --import tsx (.+)$/.exec(line.trim());
    if (!match) continue;
    assert.doesNotMatch(match[1]!, /["'\\&|;]/, `${name}: a plain command line (this test splits it on spaces)`);
    const known = byLine.get(match[1]!);
    if (known) known.names.push(`npm run ${name}`);
    else byLine.set(match[1]!, { names: [`npm run ${name}`], args: match[1]!.split(/\s+/) });
  }
  return [...byLine.values()];
}

const COMMANDS: UserCommand[] = [
  ...npmCommands(),
  { names: ['fgsm-faces (no command)'], args: ['src/cli/main.ts'] },
  { names: ['scripts/bench-onnx.ts'], args: ['scripts/bench-onnx.ts'] },
  { names: ['scripts/bench-ops.ts'], args: ['scripts/bench-ops.ts'] },
  { names: ['npm test'], args: ['scripts/run-tests.mjs'] },
];

/** Where a command writes its results, pointed at a path that must not appear. */
const OUTPUT_FLAG: Record<string, string> = {
  'src/cli/main.ts': '--out',
  'scripts/bench.ts': '--out',
  'scripts/generate-sample-faces.ts': '--out',
  'scripts/notebook-execute.ts': '--html',
};

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** What the fake Jupyter / PyTorch Python was asked to do; '' when nothing started it. */
  readonly externalRuns: string;
}

function run(args: readonly string[]): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const mark = join(dir, `external-${Math.random().toString(36).slice(2)}`);
    const env = { ...process.env, FGSM_DEBUG: '', FGSM_JUPYTER: FAKE, FGSM_JUPYTER_PYTHON: FAKE, FGSM_TORCH_PYTHON: FAKE, FGSM_TEST_MARK: mark };
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: PROJECT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: TIME_LIMIT_MS, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, externalRuns: existsSync(mark) ? readFileSync(mark, 'utf8') : '' }));
  });
}

/** The options the command line already passes (e.g. --html, --inplace): its help must name them. */
const prefixFlags = (args: readonly string[]): string[] => args.filter((a) => a.startsWith('--'));

it('finds the commands in package.json', () => {
  const files = new Set(COMMANDS.map((c) => c.args[0]));
  for (const file of ['src/cli/main.ts', 'scripts/notebook-execute.ts', 'scripts/notebook-server.ts', 'scripts/notebook-kernel.ts', 'scripts/bench.ts', 'scripts/fuzz.ts', 'scripts/generate-sample-faces.ts']) {
    assert.ok(files.has(file), `${file} is run by a package.json script`);
  }
  const subcommands = COMMANDS.filter((c) => c.args[0] === 'src/cli/main.ts').map((c) => c.args[1]);
  for (const name of ['study', 'train', 'robustness', 'verify']) assert.ok(subcommands.includes(name), `npm script for ${name}`);
});

describe('every command', { concurrency: 4 }, () => {
  for (const command of COMMANDS) {
    const label = `${command.names.join(', ')} (${command.args.join(' ')})`;

    it(`${label}: --help prints the usage and exits 0 without doing the work`, async () => {
      const outputFlag = OUTPUT_FLAG[command.args[0]!];
      const output = join(dir, `help-output-${Math.random().toString(36).slice(2)}`);
      const result = await run([...command.args, ...(outputFlag ? [outputFlag, output] : []), '--help']);
      assert.notEqual(result.code, null, `still running after ${TIME_LIMIT_MS / 1000} s: --help fell through to the real work`);
      assert.equal(result.externalRuns, '', 'no Jupyter or PyTorch started');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '', 'help writes nothing to stderr (no progress, no work)');
      assert.match(result.stdout, /^Usage: \S+ .*\[options\]/, 'starts with a usage line');
      assert.match(result.stdout, /\nOptions:\n[\s\S]*--help/);
      assert.match(result.stdout, /\nExamples?:\n {2}\S/, 'ends with an example');
      for (const flag of prefixFlags(command.args)) assert.ok(result.stdout.includes(flag), `help names ${flag}, which package.json passes`);
      assert.ok(!existsSync(output), `${outputFlag} ${output} was written`);
    });

    it(`${label}: an unknown flag exits 2 with one line naming it`, async () => {
      const result = await run([...command.args, '--no-such-flag']);
      assert.notEqual(result.code, null, `still running after ${TIME_LIMIT_MS / 1000} s: the unknown flag was ignored`);
      assert.equal(result.externalRuns, '', 'no Jupyter or PyTorch started');
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '', 'nothing on stdout: the work did not start');
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0]!, /error: unknown option '--no-such-flag'.*--help/, 'names the flag and points at --help');
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});
