/**
 * The terminal side of a long attack run (study, robustness): a progress bar on stderr, one-line
 * "fgsm-faces:" messages above it, and Ctrl-C as an AbortSignal; the run's results folder keeps its
 * previous results when stopped.
 */
import { interruptOnSigint } from './interrupt.js';
import { ProgressLine } from './progress.js';

export interface AttackConsole {
  readonly bar: ProgressLine;
  say(line: string): void;
  warn(line: string): void;
  readonly signal: AbortSignal;
}

export async function withAttackConsole<T>(run: (console: AttackConsole) => Promise<T>): Promise<T> {
  const bar = new ProgressLine('{label} |{bar}| {value}/{total} images | ETA {eta_formatted}');
  const say = (line: string) => bar.log(`fgsm-faces: ${line}`);
  const interrupt = interruptOnSigint(() => say('stopping after the current batch (Ctrl-C again to quit at once); the results folder keeps its previous results'));
  try {
    return await run({ bar, say, warn: (line) => say(`warning: ${line}`), signal: interrupt.signal });
  } finally {
    bar.stop();
    interrupt.dispose();
  }
}
