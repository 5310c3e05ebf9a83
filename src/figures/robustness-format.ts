/**
 * Labels shared by the robustness figures: epsilons in 1/255 units when they are whole grey
 * levels (how L-inf budgets are quoted), and each attack's role in face recognition.
 */
import type { AttackSummary } from '../eval/study.js';
import { en } from '../i18n/en.js';
import { numberFormat } from '../i18n/numbers.js';

/**
 * "8/255" when eps is (to 1e-9) a whole number of 8-bit steps, else the decimal ("0.1", "0.0005"),
 * in English; numberFormat(locale).epsilonLabel writes it for another locale.
 */
export const epsilonLabel: (epsilon: number) => string = numberFormat('en').epsilonLabel;

/**
 * Face-recognition framing: an untargeted attack is DODGING (the face escapes its own identity),
 * a targeted one IMPERSONATION (the face is recognised as a chosen person); noise is the baseline.
 */
export type AttackRole = 'dodging' | 'impersonation' | 'baseline';

export function attackRole(attack: Pick<AttackSummary, 'kind' | 'targeted'>): AttackRole {
  if (attack.kind === 'noise') return 'baseline';
  return attack.targeted ? 'impersonation' : 'dodging';
}

/** What each role means, in English for the results files (the catalogues have every locale's). */
export const ROLE_TEXT: Readonly<Record<AttackRole, string>> = en.roleMeaning;

/** rgba() of a #rrggbb colour, for translucent bands. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
