/**
 * The library's study (src/study/facade.ts) as the notebook runs it: in Spanish, with a progress
 * bar per model in the cell. Everything else (checks, evaluation, tables, figures, files) is the
 * library's, so the notebook shows and saves exactly what the CLI computes.
 */
import { study as libraryStudy, type Study, type StudyRequest } from '../study/facade.js';
import type { RunHooks } from '../study/driver.js';
import { resolveStudySettings } from '../study/study-settings.js';
import { NOTEBOOK_LOCALE, notebookText } from './locale.js';
import { notebookProgress, type NotebookProgress } from './progress.js';

const say = notebookText.t.notebook.progress;

/** A progress bar per model: "FGSM · resnet18" and the epsilons for the original study, the attacks too for any other. */
function progressHooks(request: StudyRequest): RunHooks {
  const settings = resolveStudySettings(request);
  const epsilons = settings.epsilons.length;
  let bar: NotebookProgress | undefined;
  let note = '';
  return {
    onModelStart: ({ label, images, attacks }) => {
      const original = settings.report === 'original';
      note = original ? say.epsilonsNote(epsilons) : say.attacksNote(attacks.length, epsilons);
      bar = notebookProgress(original ? `FGSM · ${label}` : say.attacksLabel(label), images);
    },
    onProgress: ({ done }) => bar?.update(done, note),
    onModelEnd: () => bar?.finish(note),
    onModelReused: ({ label }) => console.log(say.reused(label)),
  };
}

export function study(request: StudyRequest = {}): Promise<Study> {
  return libraryStudy({ locale: NOTEBOOK_LOCALE, ...request, hooks: { ...progressHooks(request), ...request.hooks } });
}
