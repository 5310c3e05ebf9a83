/**
 * Passes a study's batches through, noting which images were attacked, in order (the results name
 * files, not indices), and stops between batches once the run is aborted (Ctrl-C).
 */
import type { FaceEntry, LabelledBatch } from '../data/dataset.js';
import { throwIfAborted } from './errors.js';

export async function* recordingEntries(stream: AsyncIterable<LabelledBatch>, attacked: FaceEntry[], signal: AbortSignal | undefined, during: string): AsyncGenerator<LabelledBatch> {
  for await (const batch of stream) {
    throwIfAborted(signal, `${during}: no results written, the folder keeps its previous results`);
    attacked.push(...batch.entries);
    yield batch;
  }
}
