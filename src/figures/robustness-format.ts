/**
 * Labels shared by the robustness figures: epsilons in 1/255 units when they are whole grey
 * levels (how L-inf budgets are quoted), and each attack's role in face recognition.
 */
import type { AttackSummary } from '../eval/study.js';
import { formatEpsilon } from './format.js';

/** "8/255" when eps is (to 1e-9) a whole number of 8-bit steps, else the decimal ("0.1", "0.0005"). */
export function epsilonLabel(epsilon: number): string {
  const steps = epsilon * 255;
  const whole = Math.round(steps);
  if (epsilon > 0 && whole >= 1 && Math.abs(steps - whole) < 1e-9) return `${whole}/255`;
  return formatEpsilon(epsilon);
}

/**
 * Face-recognition framing: an untargeted attack is DODGING (the face escapes its own identity),
 * a targeted one IMPERSONATION (the face is recognised as a chosen person); noise is the baseline.
 */
export type AttackRole = 'dodging' | 'impersonation' | 'baseline';

export function attackRole(attack: Pick<AttackSummary, 'kind' | 'targeted'>): AttackRole {
  if (attack.kind === 'noise') return 'baseline';
  return attack.targeted ? 'impersonation' : 'dodging';
}

export const ROLE_TEXT: Readonly<Record<AttackRole, string>> = {
  dodging: 'dodging (untargeted: escape your own identity)',
  impersonation: 'impersonation (targeted: be recognised as the target)',
  baseline: 'baseline (random-sign noise, same L-inf size, no gradient)',
};

/** rgba() of a #rrggbb colour, for translucent bands. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
