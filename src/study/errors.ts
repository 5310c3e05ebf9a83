/**
 * Errors of the study and training runs that the user can fix (a bad value, a missing or
 * mismatched file). The CLI prints their message as one line, without a stack trace.
 */

/** A configuration problem: the message says what is wrong and how to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The run was stopped through its AbortSignal (Ctrl-C in the CLI). */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  constructor(message = 'interrupted') {
    super(message);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(`interrupted ${what}`);
}
