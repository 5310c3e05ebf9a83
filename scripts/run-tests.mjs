// Runs every test/**/*.test.ts with Node's test runner (TypeScript via tsx).
// Node 20's runner does not expand globs itself, hence this small launcher.
// Usage: npm test [-- <substring filter on file paths>]; --help prints the usage.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findTests(path);
    return entry.endsWith('.test.ts') ? [path] : [];
  });
}

const USAGE = `Usage: run-tests [options] [text...]

Runs every test/**/*.test.ts with Node's test runner, two files at a time (npm test type-checks
first). With text arguments, only the test files whose path contains one of them.

Options:
  -h, --help  display help for command

Examples:
  npm test
  npm test -- test/attacks verification`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = args.find((arg) => arg.startsWith('-'));
if (unknown) {
  console.error(`run-tests: error: unknown option '${unknown}' (see --help)`);
  process.exit(2);
}
const filters = args;
const files = findTests('test')
  .map((f) => relative('.', f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(' ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
