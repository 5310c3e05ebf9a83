/**
 * A progress bar for long notebook cells (the sweep), updated in place: one output whose content
 * is replaced (update_display_data), at most a few times a second so the front end keeps up.
 */
import { escapeHtml, newLiveDisplay, type LiveDisplay, type MimeBundle } from './display.js';
import { notebookText } from './locale.js';

export interface ProgressOptions {
  /** What is being counted, e.g. "imágenes". */
  readonly unit?: string;
  /** Minimum time between two updates, in ms (default 250). The last update is always shown. */
  readonly intervalMs?: number;
  /** For tests: the output to update, and the clock. */
  readonly display?: LiveDisplay;
  readonly now?: () => number;
}

export interface NotebookProgress {
  /** Sets how many are done (absolute, not an increment). */
  update(done: number, note?: string): void;
  /** Shows the final state (done = total unless given) with the elapsed time. */
  finish(note?: string): void;
}

/** The bundle of one progress state: an HTML <progress> and the same as text. */
export function progressBundle(label: string, done: number, total: number, seconds: number, unit: string, note?: string, finished = false): MimeBundle {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const percent = Math.round(fraction * 100);
  const { t, n } = notebookText;
  const say = t.notebook.progress;
  const eta = !finished && done > 0 && done < total ? say.remaining(n.duration((seconds / done) * (total - done))) : '';
  const status = finished ? say.finished(done, total, unit, n.duration(seconds)) : `${say.running(done, total, unit, percent, n.duration(seconds))}${eta}`;
  const extra = note ? ` · ${note}` : '';
  const html = [
    `<div class="fgsm-progress" data-done="${done}" data-total="${total}" data-finished="${finished}" style="font-family:monospace;font-size:13px">`,
    `<span style="display:inline-block;min-width:11em">${escapeHtml(label)}</span>`,
    `<progress value="${done}" max="${Math.max(total, 1)}" style="width:16em;vertical-align:middle"></progress> `,
    `<span>${escapeHtml(status + extra)}</span>`,
    '</div>',
  ].join('');
  return { 'text/html': html, 'text/plain': `${label}: ${status}${extra}` };
}

export function notebookProgress(label: string, total: number, options: ProgressOptions = {}): NotebookProgress {
  const display = options.display ?? newLiveDisplay();
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? notebookText.t.notebook.progress.images;
  const interval = options.intervalMs ?? 250;
  const started = now();
  let lastShown = -Infinity;
  let done = 0;
  const seconds = () => (now() - started) / 1000;
  display.show(progressBundle(label, 0, total, 0, unit));
  return {
    update(value, note) {
      done = value;
      const t = now();
      if (t - lastShown < interval && value < total) return;
      lastShown = t;
      display.show(progressBundle(label, done, total, seconds(), unit, note));
    },
    finish(note) {
      display.show(progressBundle(label, Math.max(done, total), total, seconds(), unit, note, true));
    },
  };
}
