/**
 * The terminal side of a long attack run (study, robustness): a progress bar on stderr, one-line
 * "fgsm-faces:" messages above it, and Ctrl-C as an AbortSignal; the run's results folder keeps its
 * previous results when stopped.
 */
import type { RunHooks } from '../study/driver.js';
import { interruptOnSigint } from './interrupt.js';
import { ProgressLine } from './progress.js';

export interface AttackConsole {
  /** Messages, warnings and the progress bar, as the study driver reports them. */
  readonly hooks: RunHooks;
  readonly signal: AbortSignal;
}

export async function withAttackConsole<T>(run: (console: AttackConsole) => Promise<T>): Promise<T> {
  const bar = new ProgressLine('{label} |{bar}| {value}/{total} images | ETA {eta_formatted}');
  const say = (line: string) => bar.log(`fgsm-faces: ${line}`);
  const interrupt = interruptOnSigint(() => say('stopping after the current batch (Ctrl-C again to quit at once); the results folder keeps its previous results'));
  try {
    const hooks: RunHooks = {
      log: say,
      warn: (line) => say(`warning: ${line}`),
      onModelStart: ({ label, index, count, images, attacks }) => {
        say(`attacking ${label} (${index + 1}/${count}) on ${images} images: ${attacks.join(', ')}`);
        bar.update(0, images, { label });
      },
      onProgress: ({ label, done, images }) => bar.update(done, images, { label }),
      onModelEnd: () => bar.stop(),
    };
    return await run({ hooks, signal: interrupt.signal });
  } finally {
    bar.stop();
    interrupt.dispose();
  }
}
