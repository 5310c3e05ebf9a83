/** Evaluation: the FGSM sweep of the original study, the multi-attack study and face verification metrics. Re-exports only. */
export { runFgsmSweep, sweepOf, originalRuleRow, ORIGINAL_EPSILONS, type SweepOptions, type SweepOutput, type SweepResults, type EpsilonResult, type AdversarialExample } from './sweep.js';
export { argmaxRow, softmaxAt, perturbationNorms, checkFiniteLogits } from './metrics.js';
export { runAttackStudy, type AttackStudyOptions, type AttackStudyResults, type AttackSummary } from './study.js';
export { AttackEpsilonAccumulator, type AttackEpsilonMetrics, type PerturbationStats, type QuantisedMetrics, type SampleRecord } from './attack-metrics.js';
export { wilsonInterval, Z_95, type Rate } from './wilson.js';
export { signTest, type SignTest } from './sign-test.js';
export { epsilonCurve, type EpsilonCurve } from './min-epsilon.js';
export { PerClassCounter, type PerClassResults, type ClassAccuracy } from './per-class.js';
export { quantise8Bit, quantisationWarnings, EIGHT_BIT_STEP } from './quantise.js';
export { ssimSample, SSIM_WINDOW, SSIM_SIGMA } from './ssim.js';
export { mean, quantile } from './summary-stats.js';
export type { SanityCheck } from './sanity.js';
export { NumericalError } from './errors.js';
export { attackExamples, topClasses, type AttackExamples, type ExamplePrediction, type ExampleRow } from './examples.js';
export { acceptRate, thresholdAtFar, rocCurve, rocArea, equalErrorRate, type FarThreshold, type RocPoint, type EqualErrorRate } from './verification.js';
