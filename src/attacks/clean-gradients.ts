/**
 * Input gradients at the clean images of one batch, per label set: FGSM at every epsilon and the
 * first step of BIM (and of PGD without random start) all need the same gradient, so it is
 * computed once per batch and label set.
 */
import type { Classifier, ImageBatch, LossGradient } from '../engines/types.js';

export class CleanGradients {
  private readonly entries: { labels: Int32Array; value: Promise<LossGradient> }[] = [];
  computed = 0;

  constructor(
    readonly model: Classifier,
    readonly batch: ImageBatch,
  ) {}

  /** Registers an already computed gradient (e.g. from the clean pass). */
  seed(labels: Int32Array, value: LossGradient): void {
    this.entries.push({ labels: labels.slice(), value: Promise.resolve(value) });
  }

  get(labels: Int32Array): Promise<LossGradient> {
    const hit = this.entries.find((e) => sameLabels(e.labels, labels));
    if (hit) return hit.value;
    this.computed++;
    const value = this.model.lossGradient(this.batch, labels);
    this.entries.push({ labels: labels.slice(), value });
    return value;
  }
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The cache to use: the context's when it serves this very batch, else a private one. */
export function gradientsFor(model: Classifier, batch: ImageBatch, shared: CleanGradients | undefined): CleanGradients {
  return shared && shared.batch.pixels === batch.pixels && shared.model === model ? shared : new CleanGradients(model, batch);
}
