/** The study's results as a short text table per model, for the terminal. */
import { relative } from 'node:path';
import type { StudyOutcome } from '../study/study.js';

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function studySummary(outcome: StudyOutcome): string {
  const lines: string[] = [];
  for (const { label, document } of outcome.models) {
    const s = document.summary;
    lines.push(`${label} (${document.model.weights}, ${document.engine.engine}): ${s.total} test images, clean accuracy ${percent(s.cleanAccuracy)}, sweep ${document.timings.sweepSeconds.toFixed(1)} s`);
    lines.push(`  ${'epsilon'.padEnd(10)}${'accuracy'.padStart(10)}${'correct/total'.padStart(16)}${'attack success'.padStart(16)}`);
    for (const row of document.epsilons) {
      lines.push(`  ${String(row.epsilon).padEnd(10)}${percent(row.accuracy).padStart(10)}${`${row.correct}/${row.total}`.padStart(16)}${percent(row.attackSuccessRate).padStart(16)}`);
    }
  }
  const files = [...outcome.models.flatMap((m) => m.files), ...outcome.comparisonFiles];
  lines.push(`Results in ${outcome.outDir}/: ${files.map((f) => relative(outcome.outDir, f)).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
