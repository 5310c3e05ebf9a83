/**
 * Ctrl-C as an AbortSignal: the first SIGINT asks the run to stop cleanly (training keeps its
 * best checkpoint, a study writes nothing for an unfinished model); a second one quits at once.
 */
import { EXIT_INTERRUPTED } from './errors.js';

export interface Interrupt {
  readonly signal: AbortSignal;
  /** Removes the handler (the default Ctrl-C behaviour comes back). */
  dispose(): void;
}

export function interruptOnSigint(onFirst: () => void): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
    onFirst();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', handler) };
}
