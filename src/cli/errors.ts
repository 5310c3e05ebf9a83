/**
 * How the CLI ends on an error: ONE line `fgsm-faces: error: ...` on stderr and a non-zero exit
 * code; the stack trace only with FGSM_DEBUG=1. Expected failures (bad flags, files, data) say
 * what to fix; anything else is marked unexpected.
 */
import { CommanderError } from 'commander';
import { EpsilonError } from '../attacks/errors.js';
import { FileWriteError } from '../core/atomic-write.js';
import { DatasetError, ImageDecodeError } from '../data/errors.js';
import { NumericalError } from '../eval/errors.js';
import { AbortedError, ConfigError } from '../study/errors.js';
import { WeightsError } from '../weights/errors.js';

export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, what shells report for Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

const EXPECTED = [ConfigError, EpsilonError, DatasetError, WeightsError, ImageDecodeError, NumericalError, FileWriteError];

/** Multi-line messages (e.g. lists of mismatched tensors) folded into one line. */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

function debugging(): boolean {
  return process.env.FGSM_DEBUG === '1';
}

/** Prints the error and returns the exit code. */
export function reportError(error: unknown, write: (text: string) => void = (text) => process.stderr.write(text)): number {
  const stack = debugging() && error instanceof Error && error.stack ? `${error.stack}\n` : '';
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return 0; // --help, --version
    write(`fgsm-faces: error: ${oneLine(error.message.replace(/^error: /, ''))} (see --help)\n${stack}`);
    return EXIT_USAGE;
  }
  if (error instanceof AbortedError) {
    write(`fgsm-faces: ${oneLine(error.message)}\n${stack}`);
    return EXIT_INTERRUPTED;
  }
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const expected = EXPECTED.some((type) => error instanceof type);
  const hint = expected || debugging() ? '' : ' (unexpected error; FGSM_DEBUG=1 shows the stack trace)';
  write(`fgsm-faces: error: ${message}${hint}\n${stack}`);
  return EXIT_ERROR;
}
