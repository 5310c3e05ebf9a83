/** Words of the face verification figures and the notebook's verification section (English). */
import { numberFormat } from './numbers.js';

const n = numberFormat('en');

export const verificationEn = {
  /** The random-noise baseline's name in legends and texts. */
  noise: 'noise',
  thresholdLabel: { far: 'FAR threshold, chosen on held-out pairs', eer: 'EER threshold, chosen on held-out pairs', faceapi: "face-api's 0.6 threshold" },
  roc: {
    title: (genuine: number, impostor: number, auc: number, eer: number) => `Clean verification: ${genuine} genuine and ${impostor} impostor test pairs (AUC ${auc.toFixed(3)}, EER ${n.percent(eer)})`,
    curve: 'ROC (test pairs)',
    xAxis: 'false accept rate (log; 0 drawn at the axis floor)',
    yAxis: 'true accept rate',
    point: (threshold: number, tar: number, far: number) => `threshold ${threshold.toFixed(3)}: TAR ${n.percent(tar)}, FAR ${n.percent(far)}`,
  },
  success: {
    dodging: 'genuine pairs rejected (dodging: escape your own identity)',
    impersonation: 'impostor pairs accepted (impersonation: be taken for the target)',
    title: (l2: boolean, what: string, threshold: number, label: string) => `${l2 ? 'L2: ' : ''}${what}; ${label}: d < ${threshold.toFixed(3)}`,
    xAxis: (l2: boolean): string => (l2 ? "epsilon (L2: the perturbation's Euclidean length)" : 'epsilon (L-inf)'),
    yAxis: 'attack success (95% Wilson band)',
    hover: (attack: string, epsilon: string, count: number, total: number, rate: number, lower: number, upper: number, eightBit: number) =>
      `${attack} at ${epsilon}: ${count}/${total} (${n.percent(rate)}; 95% ${n.percent(lower)}-${n.percent(upper)}); after 8-bit saving ${eightBit}`,
  },
  matrix: {
    title: (attack: string, epsilon: string) => `Who can impersonate whom: ${attack} at epsilon ${epsilon} (red = accepted as that person)`,
    xAxis: 'claimed identity (target)',
    yAxis: "attacker's photo",
    same: 'same person',
    alreadyAccepted: 'already accepted before the attack',
    cell: (source: string, target: string, accepted: boolean, distance: number) => `${source} as ${target}: ${accepted ? 'accepted' : 'rejected'}, distance ${distance.toFixed(3)}`,
  },
  summary: {
    caption: 'Face verification: data, protocol and clean results',
    photos: 'photos',
    faces: (chips: number, skipped: number, cached: number) => `${chips} faces (${skipped} photos skipped${cached ? `, ${cached} from the cache` : ''})`,
    people: 'people',
    protocol: 'photos per person',
    protocolValue: (gallery: number, calibration: number, test: number) => `${gallery} enrolled, ${calibration} held out for the threshold, ${test} test`,
    pairs: 'test pairs',
    pairsValue: (genuine: number, impostor: number) => `${genuine} genuine, ${impostor} impostor`,
    at: (label: string, threshold: number) => `${label}: d < ${threshold.toFixed(3)}`,
    tarFar: (tar: number, far: number) => `TAR ${n.percent(tar)}, FAR ${n.percent(far)}`,
    aucEer: 'AUC, EER',
    aucEerValue: (auc: number, eer: number) => `${auc.toFixed(3)}, ${n.percent(eer)}`,
    engine: 'engine',
  },
  analysis: {
    clean: (threshold: number, tar: number, far: number, faceapiFar: number) =>
      `Without attack, at the threshold chosen on held-out pairs (distance below ${threshold.toFixed(3)}), the system accepts ${n.percent(tar)} of genuine pairs and ${n.percent(far)} of impostors. At face-api's own 0.6 it would let in ${n.percent(faceapiFar)} of impostors: a threshold must be calibrated on data like the data it will see.`,
    dodging: (attack: string, epsilon: string, rate: number, noise: number) =>
      `Dodging: at ε = ${epsilon}, ${attack} already makes ${n.percent(rate)} of genuine pairs rejected, while random noise of the same size rejects ${n.percent(noise)}. The change is invisible; what matters is its direction.`,
    impersonation: (epsilon: string, fgsm: number | null, best: string, bestRate: number) =>
      `Impersonation is harder: at ε = ${epsilon}${fgsm === null ? '' : `, one FGSM step passes for the target in ${n.percent(fgsm)} of the pairs, while`} ${best} passes in ${n.percent(bestRate)}. Moving towards one particular face takes several small steps.`,
    regions: (region: string, coverage: number, dodging: number, dodgingRandom: number, impersonation: number, impersonationRandom: number) =>
      `The region "${region}" covers ${n.percent(coverage)} of the face image. Optimised, it makes the system reject ${n.percent(dodging)} of the genuine pairs (a random colour of the same shape: ${n.percent(dodgingRandom)}) and accept ${n.percent(impersonation)} of the impostors (random colour: ${n.percent(impersonationRandom)}). Not one pixel outside the region changed: the attacker needs no access to the camera, only something to wear.`,
    transfer: (threat: string, attack: string, source: string, target: string, rate: number, whiteBox: number, randomFrames: number | null) =>
      `Transfer, ${threat}: the best attack crafted on one model and shown to another is ${attack} from ${source} to ${target}, with ${n.percent(rate)} success, against ${n.percent(whiteBox)} when crafted on ${target} itself${randomFrames === null ? '' : ` (frames of a random colour, crafted on no model, reach ${n.percent(randomFrames)})`}. An attacker without the deployed model's weights gets much less than the white-box numbers suggest.`,
    transferNone: (threat: string) => `Transfer, ${threat}: no attack crafted on one model succeeded on another; here only the white-box attacker succeeds.`,
    matrix: (accepted: number, cells: number, people: number) => `In the matrix of ${people} people, ${accepted} of the ${cells} attempts were accepted as the claimed person.`,
  },
  faces: {
    title: (attack: string, epsilon: string) => `Impersonation with ${attack} at epsilon ${epsilon}`,
    note: (threshold: number) => `accepted as the target when the distance is below ${threshold.toFixed(3)}`,
    heads: ['probe (clean)', 'adversarial probe', "target's enrolled photo"] as readonly string[],
    as: (target: string) => `as ${target}`,
    before: (distance: number) => `distance to target ${distance.toFixed(3)}`,
    after: (distance: number, accepted: boolean) => `distance ${distance.toFixed(3)}: ${accepted ? 'accepted' : 'rejected'}`,
  },
  regions: {
    names: { glasses: 'eyeglass frames', forehead: 'forehead sticker', cheek: 'cheek sticker' } as Record<string, string>,
    title: (region: string, threat: string) => `${region}: ${threat}`,
    threats: { dodging: 'dodging (rejected as themselves)', impersonation: 'impersonation (accepted as the target)' } as Record<string, string>,
    notes: (threshold: number, coverage: number): readonly string[] => [`accepted when the distance is below ${threshold.toFixed(3)}; the region covers ${n.percent(coverage)} of the face image`, 'the random colour fills the same shape; distances after 8-bit saving'],
    heads: ['original', 'optimised', 'random colour'] as readonly string[],
    as: (claimed: string) => `as ${claimed}`,
    distance: (distance: number, accepted: boolean) => `distance ${distance.toFixed(3)}: ${accepted ? 'accepted' : 'rejected'}`,
    threatShort: { dodging: 'dodging', impersonation: 'impersonation' } as Record<string, string>,
    caption: 'Physical attacks: success after 8-bit saving (95% Wilson interval)',
    columns: ['region', 'threat', 'share of the face image', 'optimised', 'random colour, same shape'] as readonly string[],
    rate: (count: number, total: number, rate: number, lower: number, upper: number) => `${count}/${total}: ${n.percent(rate)} (${n.percent(lower)}-${n.percent(upper)})`,
  },
  transfer: {
    title: (threat: string) => `Transfer, ${threat}: crafted on (row), judged by (column)`,
    xAxis: 'judged by (target model)',
    yAxis: 'crafted on (source model) with',
    row: (source: string, attack: string) => `${source} · ${attack}`,
    glasses: 'eyeglass frames',
    /** The recognizer's name in the table (the classifiers are named by their architecture and file). */
    recognizer: 'face-api recognizer',
    randomFrame: 'no model: random colour frames',
    cell: (rate: number, count: number, total: number) => `${n.percent(rate)} (${count}/${total})`,
    hover: (source: string, target: string, attack: string, count: number, total: number, rate: number, lower: number, upper: number) =>
      `${attack} crafted on ${source}, judged by ${target}: ${count}/${total} (${n.percent(rate)}; 95% ${n.percent(lower)}-${n.percent(upper)})`,
  },
};
