/** The exact command line of this process, shell-quoted, to record with what it produced. */
import { relative } from 'node:path';

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function currentCommandLine(): string {
  const script = process.argv[1] ? relative(process.cwd(), process.argv[1]) || process.argv[1] : '';
  return ['node', ...process.execArgv, script, ...process.argv.slice(2)].map(shellQuote).join(' ');
}
