/** Attacks behind one interface (see ./types.ts). Re-exports only. */
export type { Attack, AttackContext, AttackKind, AttackResult, BaseAttackOptions, LabelSource, TargetChoice } from './types.js';
export { parseEpsilon, tidyEpsilonList, type EpsilonInput, type TidyEpsilons } from './epsilon.js';
export { EpsilonError } from './errors.js';
export { fgsm, fgsmStep } from './fgsm.js';
export { fgsmAttack, DEFAULT_EPSILON, DEFAULT_L2_EPSILON, type FgsmOptions } from './fgsm-attack.js';
export { l2Step, l2Distances, l2RandomStart, gaussianDirection, parseL2Budget, NORMS, type Norm } from './l2.js';
export { pgdAttack, bimAttack, miFgsmAttack, accumulateMomentum, type IterativeOptions } from './pgd.js';
export { randomSignNoise, type NoiseOptions } from './noise.js';
export { CleanGradients } from './clean-gradients.js';
export { linfStep, projectLinf } from './linf-step.js';
export { crossEntropyAt } from './loss.js';
export { regionAttack, REGION_DEFAULTS, REGION_STARTS, type RegionAttackOptions, type RegionStart } from './region.js';
export { regionTotalVariation } from './total-variation.js';
