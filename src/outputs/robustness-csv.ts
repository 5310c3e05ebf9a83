/**
 * robustness_<label>.csv: one row per attack x epsilon (the attacks' order, then the epsilons as
 * given). Rates are fractions with their 95% Wilson bounds; an empty cell = not applicable
 * (targeted success of an untargeted attack, quantised scores with --no-quantise, ...).
 */
import type { AttackStudyResults } from '../eval/study.js';
import type { Rate } from '../eval/wilson.js';
import { attackRole } from '../figures/robustness-format.js';

export const ROBUSTNESS_CSV_COLUMNS = [
  'attack', 'role', 'kind', 'targeted', 'labels', 'epsilon', 'epsilon255', 'total', 'cleanAccuracy',
  'robustAccuracy', 'robustAccuracyLower', 'robustAccuracyUpper', 'monotoneRobustAccuracy',
  'originalRuleAccuracy', 'originalRuleAccuracyLower', 'originalRuleAccuracyUpper',
  'attackSuccessRate', 'attackSuccessRateLower', 'attackSuccessRateUpper',
  'targetedSuccessRate', 'targetedSuccessRateLower', 'targetedSuccessRateUpper',
  'quantisedRobustAccuracy', 'quantisedRobustAccuracyLower', 'quantisedRobustAccuracyUpper', 'quantisedOriginalRuleAccuracy', 'quantisedAttackSuccessRate', 'quantisedTargetedSuccessRate', 'quantisedLinfMean',
  'linfMean', 'linfMax', 'l2Mean', 'l2P95', 'ssimMean', 'ssimMin', 'trueClassConfidenceBefore', 'trueClassConfidenceAfter',
] as const;

type Cell = number | string | boolean | null | undefined;

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const rate = (r: Rate | null | undefined): [Cell, Cell, Cell] => (r ? [r.rate, r.lower, r.upper] : [null, null, null]);

export function robustnessCsv(results: AttackStudyResults): string {
  const lines = [ROBUSTNESS_CSV_COLUMNS.join(',')];
  const sorted = [...results.epsilons].sort((a, b) => a - b);
  for (const attack of results.attacks) {
    for (const r of attack.results) {
      const q = r.quantised;
      const monotone = attack.monotoneRobustAccuracy[sorted.indexOf(r.epsilon)];
      const row: Cell[] = [
        attack.name, attackRole(attack), attack.kind, attack.targeted, attack.labels, r.epsilon, Number((r.epsilon * 255).toPrecision(6)), r.total, r.cleanAccuracy.rate,
        ...rate(r.robustAccuracy), monotone?.rate,
        ...rate(r.robustAccuracyOriginalRule),
        ...rate(r.attackSuccessRate),
        ...rate(r.targetedSuccessRate),
        ...rate(q?.robustAccuracy), q?.robustAccuracyOriginalRule.rate, q?.attackSuccessRate.rate, q?.targetedSuccessRate?.rate, q?.linfMean,
        r.perturbation.linfMean, r.perturbation.linfMax, r.perturbation.l2Mean, r.perturbation.l2P95, r.perturbation.ssimMean, r.perturbation.ssimMin, r.trueClassConfidence.before, r.trueClassConfidence.after,
      ];
      lines.push(row.map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
