/**
 * The command line of every user-facing script (npm run bench, fuzz, notebook, ...), with the CLI's
 * rules (src/cli/errors.ts): --help prints the usage and an example and exits 0 before any work;
 * an unknown option, a missing or malformed value, or a stray argument is one line naming it,
 * `<script>: error: ... (see --help)`, and exit code 2, never a stack trace.
 * Errors the script itself raises with program.error() keep their own exit code.
 */
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import { EXIT_USAGE, examplesHelp, oneLine } from '../src/cli/index.js';

export interface ScriptCommandSpec {
  /** Shown in `Usage: <name> [options]` and in front of error lines. */
  readonly name: string;
  /** One line: what the command does. */
  readonly description: string;
  /** Command lines shown under "Examples:" at the end of --help. */
  readonly examples: readonly string[];
}

export function scriptCommand(spec: ScriptCommandSpec): Command {
  // Commander prints the message before it exits; kept until the exit code says whether to add the hint.
  let message = '';
  return new Command(spec.name)
    .description(spec.description)
    .showSuggestionAfterError(true)
    .addHelpText('after', examplesHelp(spec.examples))
    .configureOutput({ outputError: (text) => (message = oneLine(text)) })
    .exitOverride((error: CommanderError) => {
      const usage = error.exitCode !== 0 && error.code !== 'commander.error'; // commander.error: the script's own program.error()
      if (message) process.stderr.write(`${spec.name}: ${message}${usage ? ' (see --help)' : ''}\n`);
      process.exit(usage ? EXIT_USAGE : error.exitCode);
    });
}

/** An option or argument parser: a whole number >= `min`, else a usage error naming the value. */
export function integerAtLeast(min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`Expected a whole number >= ${min}.`);
    return n;
  };
}
