/**
 * `<stem>.history.json`: the losses and accuracies of every epoch so far, rewritten (atomically)
 * after each one, so an interrupted run still tells how far it got. Writes are queued because the
 * trainer's per-epoch callback cannot wait; the first failure is reported by flush().
 */
import type { BestCheckpoint, EpochRecord } from './trainer.js';
import { writeJsonAtomically } from '../core/atomic-write.js';

export interface TrainingHistoryState {
  readonly history: readonly EpochRecord[];
  readonly best: BestCheckpoint | undefined;
  readonly interrupted: boolean;
  /** All planned epochs ran. */
  readonly finished: boolean;
}

export class TrainingHistoryFile {
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    readonly path: string,
    /** What the run is (model, data, settings), repeated in every write. */
    private readonly header: Readonly<Record<string, unknown>>,
  ) {}

  write(state: TrainingHistoryState): void {
    const document = { kind: 'fgsm-faces-training-history', version: 1, ...this.header, best: state.best ?? null, interrupted: state.interrupted, finished: state.finished, history: [...state.history] };
    this.queue = this.queue.then(() => writeJsonAtomically(this.path, document)).catch((error: unknown) => void (this.failure ??= error));
  }

  /** Waits for the queued writes; throws the first one that failed. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }
}
