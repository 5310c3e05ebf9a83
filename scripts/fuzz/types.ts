/**
 * The fuzzing harness's vocabulary. A family makes its i-th input deterministically from the seed
 * (crafted cases first, then fast-check generated ones) and runs one input, classifying the result.
 * Fuzz drivers live in scripts/, apart from the library code in src/ that ships.
 */

/** accepted: a valid result; clear: one of our typed errors, one line naming the file; crash: anything else. */
export type Outcome = 'accepted' | 'clear' | 'crash';

export interface RunResult {
  readonly outcome: Outcome;
  /** For crashes: what went wrong (error class and message, or the broken invariant). */
  readonly detail?: string;
}

/** Where a family may write files; `canary` is the file a code-running attack would create. */
export interface FuzzContext {
  readonly workDir: string;
  readonly canary: string;
}

export interface FuzzInput {
  /** Short label for reports, e.g. `crafted:os.system` or `mutation:flip`. */
  readonly label: string;
  readonly data: unknown;
}

export interface Family {
  readonly name: string;
  /** Prepares the work folder once per worker process (e.g. a dataset to index). */
  setup?(ctx: FuzzContext): Promise<void> | void;
  /** Number of crafted (hand-written) cases; inputs 0..crafted-1 are those. */
  crafted(ctx: FuzzContext): Promise<number> | number;
  input(seed: number, index: number, ctx: FuzzContext): Promise<FuzzInput> | FuzzInput;
  run(input: FuzzInput, ctx: FuzzContext): Promise<RunResult>;
}

/** A one-line message that names `file`: what "clear" means for our typed errors. */
export function isClearMessage(message: string, file: string): boolean {
  return message.includes(file) && !message.includes('\n') && message.length < 2000;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}`;
  return `non-Error thrown: ${String(error).slice(0, 300)}`;
}

/** A 32-bit seed for input `index` of a run seeded with `seed` (so any input can be regenerated alone). */
export function inputSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
