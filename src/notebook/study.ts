/**
 * The library's study (src/study/facade.ts) as the notebook runs it: in Spanish, with a progress
 * bar per model in the cell. Everything else (checks, evaluation, tables, figures, files) is the
 * library's, so the notebook shows and saves exactly what the CLI computes.
 */
import { tidyEpsilonList } from '../attacks/epsilon.js';
import { ORIGINAL_EPSILONS } from '../eval/sweep.js';
import { study as libraryStudy, type Study, type StudyRequest } from '../study/facade.js';
import type { RunHooks } from '../study/driver.js';
import { NOTEBOOK_LOCALE, notebookText } from './locale.js';
import { notebookProgress, type NotebookProgress } from './progress.js';

/** A progress bar per model, noting how many epsilons each image goes through. */
function progressHooks(epsilonCount: number): RunHooks {
  const note = notebookText.t.notebook.progress.epsilonsNote(epsilonCount);
  let bar: NotebookProgress | undefined;
  return {
    onModelStart: ({ label, images }) => {
      bar = notebookProgress(`FGSM · ${label}`, images);
    },
    onProgress: ({ done }) => bar?.update(done, note),
    onModelEnd: () => bar?.finish(note),
  };
}

export function study(request: StudyRequest = {}): Promise<Study> {
  const epsilons = tidyEpsilonList(request.epsilons ?? ORIGINAL_EPSILONS).epsilons;
  return libraryStudy({ locale: NOTEBOOK_LOCALE, hooks: progressHooks(epsilons.length), ...request });
}
