/**
 * `robustness`: beyond FGSM. Dodging (untargeted FGSM, BIM, PGD: the face escapes its own
 * identity), impersonation (targeted FGSM and PGD: the face is recognised as --target) and the
 * random-noise baseline, over an epsilon sweep, with sanity checks, Wilson intervals, per-identity
 * results and the same faces through the sweep. Flags -> runRobustness, a progress bar, a summary.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import type { RobustnessOutcome } from '../study/robustness.js';
import { ROBUSTNESS_SETTINGS } from '../study/robustness-settings.js';
import { attackRole, epsilonLabel } from '../figures/robustness-format.js';
import { attackCommand } from './attack-command.js';

function percent(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}

export function robustnessSummary(outcome: RobustnessOutcome): string {
  const lines: string[] = [];
  for (const { label, document } of outcome.models) {
    const r = document.results;
    const failed = document.sanity.checks.filter((c) => !c.ok);
    lines.push(failed.length === 0 ? `sanity checks: all ${document.sanity.checks.length} passed (${[...new Set(document.sanity.checks.map((c) => c.name))].join(', ')})` : `sanity checks: ${failed.length} FAILED: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
    for (const w of document.warnings) lines.push(`warning: ${w}`);
    const c = r.clean.accuracy;
    lines.push(`${label} (${document.model.weights}, ${r.engine}): ${r.total} test images, clean accuracy ${percent(c.rate)} [${percent(c.lower)}, ${percent(c.upper)}], study ${r.seconds.toFixed(1)} s`);
    lines.push('roles: dodging = untargeted (the face escapes its own identity); impersonation = targeted (the face is recognised as the target); baseline = random-sign noise of the same size');
    if (document.framing.target) lines.push(`impersonation target: ${document.framing.target.name} (class ${document.framing.target.label})`);
    lines.push(`  ${'attack'.padEnd(17)}${'role'.padEnd(14)}${'epsilon'.padEnd(9)}${'robust acc [95% CI]'.padEnd(24)}${'orig. rule'.padStart(11)}${'success'.padStart(9)}${'target hit'.padStart(11)}${'8-bit acc'.padStart(10)}`);
    for (const attack of r.attacks) {
      for (const row of attack.results) {
        const robust = `${percent(row.robustAccuracy.rate)} [${percent(row.robustAccuracy.lower)}, ${percent(row.robustAccuracy.upper)}]`;
        lines.push(
          `  ${attack.name.padEnd(17)}${attackRole(attack).padEnd(14)}${(row.epsilon === 0 ? '0' : epsilonLabel(row.epsilon)).padEnd(9)}${robust.padEnd(24)}${percent(row.robustAccuracyOriginalRule.rate).padStart(11)}${percent(row.attackSuccessRate.rate).padStart(9)}${(row.targetedSuccessRate ? percent(row.targetedSuccessRate.rate) : '-').padStart(11)}${(row.quantised ? percent(row.quantised.robustAccuracy.rate) : '-').padStart(10)}`,
        );
      }
    }
  }
  const files = outcome.models.flatMap((m) => m.files);
  lines.push(`Results in ${outcome.outDir}/: ${files.map((f) => relative(outcome.outDir, f)).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function robustnessCommand(): Command {
  return attackCommand({
    name: 'robustness',
    description:
      'Beyond FGSM: dodging (untargeted FGSM, BIM, PGD: escape your own identity), impersonation (targeted FGSM and PGD: be recognised as --target) and a random-noise baseline, over an epsilon sweep; writes robustness_<model>.json/.csv and figures.',
    settings: ROBUSTNESS_SETTINGS,
    load: async () => (await import('../study/robustness.js')).runRobustness,
    summary: robustnessSummary,
  });
}
