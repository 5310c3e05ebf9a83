/** The study's results as a short text table per model, for the terminal: the original's columns, or every attack with its Wilson interval. */
import { relative } from 'node:path';
import type { ResultsDocument } from '../outputs/results-document.js';
import { epsilonLabel } from '../figures/robustness-format.js';
import type { StudyOutcome } from '../study/study.js';

function percent(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}

function sanityLines(document: ResultsDocument): string[] {
  const { checks } = document.sanity;
  const failed = checks.filter((c) => !c.ok);
  const lines = [failed.length === 0 ? `sanity checks: all ${checks.length} passed (${[...new Set(checks.map((c) => c.name))].join(', ')})` : `sanity checks: ${failed.length} FAILED: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`];
  return [...lines, ...document.warnings.map((w) => `warning: ${w}`)];
}

/** The original study: one FGSM row per epsilon. */
function originalTable(document: ResultsDocument): string[] {
  const s = document.summary;
  const lines = [`${document.model.label} (${document.model.weights}, ${document.engine.engine}): ${s.total} test images, clean accuracy ${percent(s.cleanAccuracy)}, sweep ${document.timings.studySeconds.toFixed(1)} s`];
  lines.push(`  ${'epsilon'.padEnd(10)}${'accuracy'.padStart(10)}${'correct/total'.padStart(16)}${'attack success'.padStart(16)}`);
  for (const row of document.attacks[0]?.epsilons ?? []) {
    lines.push(`  ${String(row.epsilon).padEnd(10)}${percent(row.accuracy).padStart(10)}${`${row.correct}/${row.total}`.padStart(16)}${percent(row.attackSuccessRate).padStart(16)}`);
  }
  return lines;
}

/** The robustness study: every attack x epsilon, robust accuracy with its 95% Wilson interval. */
function robustnessTable(document: ResultsDocument): string[] {
  const c = document.clean.accuracy;
  const lines = [`${document.model.label} (${document.model.weights}, ${document.engine.engine}): ${document.summary.total} test images, clean accuracy ${percent(c.rate)} [${percent(c.lower)}, ${percent(c.upper)}], study ${document.timings.studySeconds.toFixed(1)} s`];
  lines.push('roles: dodging = untargeted (the face escapes its own identity); impersonation = targeted (the face is recognised as the target); baseline = random-sign noise of the same size');
  if (document.framing.target) lines.push(`impersonation target: ${document.framing.target.name} (class ${document.framing.target.label})`);
  lines.push(`  ${'attack'.padEnd(17)}${'role'.padEnd(14)}${'epsilon'.padEnd(9)}${'robust acc [95% CI]'.padEnd(24)}${'orig. rule'.padStart(11)}${'success'.padStart(9)}${'target hit'.padStart(11)}${'8-bit acc'.padStart(10)}`);
  for (const attack of document.attacks) {
    for (const { metrics: row } of attack.epsilons) {
      const robust = `${percent(row.robustAccuracy.rate)} [${percent(row.robustAccuracy.lower)}, ${percent(row.robustAccuracy.upper)}]`;
      lines.push(
        `  ${attack.name.padEnd(17)}${attack.role.padEnd(14)}${(row.epsilon === 0 ? '0' : epsilonLabel(row.epsilon)).padEnd(9)}${robust.padEnd(24)}${percent(row.robustAccuracyOriginalRule.rate).padStart(11)}${percent(row.attackSuccessRate.rate).padStart(9)}${(row.targetedSuccessRate ? percent(row.targetedSuccessRate.rate) : '-').padStart(11)}${(row.quantised ? percent(row.quantised.robustAccuracy.rate) : '-').padStart(10)}`,
      );
    }
  }
  return lines;
}

export function studySummary(outcome: StudyOutcome): string {
  const lines: string[] = [];
  for (const { document } of outcome.models) {
    if (outcome.report === 'robustness') lines.push(...sanityLines(document), ...robustnessTable(document));
    else lines.push(...originalTable(document));
  }
  const files = [...outcome.models.flatMap((m) => m.files), ...outcome.comparisonFiles];
  lines.push(`Results in ${outcome.outDir}/: ${files.map((f) => relative(outcome.outDir, f)).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
