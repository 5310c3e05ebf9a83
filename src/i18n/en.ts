/**
 * The English catalogue: every word the figures, the notebook's tables and its generated texts
 * use. Its shape is the Catalogue type the Spanish one must match key for key. Texts with values
 * are functions that format their numbers themselves (n), so no caller pastes numbers in.
 */
import { notebookEn } from './notebook-en.js';
import { verificationEn } from './verification-en.js';
import { numberFormat } from './numbers.js';

const n = numberFormat('en');

/** A Wilson rate with its counts, e.g. "45.0% (18/40)". */
interface CountedRate {
  readonly rate: number | null;
  readonly count: number;
  readonly total: number;
  readonly lower: number;
  readonly upper: number;
}

const rate = (r: CountedRate) => n.percent(r.rate ?? Number.NaN);

export const en = {
  /** A label outside the class list is shown as such rather than failing the whole figure. */
  unknownClass: (label: number) => `class ${label}`,
  epsilonAxis: {
    title: 'Epsilon (ε)',
    logScale: 'log scale',
    logNeedsPositive: 'log scale needs ε > 0; linear shown',
    cleanLeftOfBreak: 'ε = 0 (clean): left of the dashed break',
    /** The tick and label of epsilon 0. */
    cleanTick: '0 (clean)',
  },
  accuracy: {
    title: (model: string, images: number) => `FGSM: accuracy vs epsilon (${model}, ${images} test images)`,
    comparisonTitle: (_models: number) => 'FGSM: accuracy vs epsilon by model',
    axis: 'Accuracy',
    attackedTrace: (model: string) => `${model} (FGSM)`,
    cleanTrace: (model: string) => `${model} (ε = 0, clean)`,
    hoverEpsilon: (model: string, epsilon: number) => `<b>${model}</b> · ε = ${n.number(epsilon)}${epsilon === 0 ? ' (clean)' : ''}`,
    hoverAccuracy: (accuracy: number, correct: number, total: number) => `accuracy ${n.percent(accuracy)} (${correct}/${total} correct)`,
    hoverSuccess: (success: number, flipped: number, attacked: number) => `attack success ${n.percent(success)} (${flipped} of ${attacked} attacked flipped)`,
  },
  classDistribution: {
    title: (people: number, images: number) => `Images per person (${people} people, ${images} images)`,
    trace: 'images',
    hover: (name: string, images: number) => `${name}: ${images} image${images === 1 ? '' : 's'}`,
    personAxis: 'Person',
    imagesAxis: 'Images',
  },
  training: {
    title: (epochs: number) => `Training: loss and accuracy per epoch (${epochs} epochs)`,
    modelTitle: (model: string, epochs: number) => `Training of ${model}: loss and accuracy per epoch (${epochs} epochs)`,
    split: { train: 'train', validation: 'validation' },
    hover: (epoch: number, split: string, value: string) => `epoch ${epoch} · ${split}: ${value}`,
    loss: (value: number) => n.fixed(value, 4),
    best: (epoch: number) => `best validation (epoch ${epoch})`,
    bestHover: (accuracy: number, epoch: number) => `best validation accuracy ${n.percent(accuracy)} at epoch ${epoch}: the checkpoint kept`,
    epochAxis: 'Epoch',
    lossAxis: 'Loss (cross-entropy)',
    accuracyAxis: 'Accuracy',
    lossPanel: '<b>Loss</b>',
    accuracyPanel: '<b>Accuracy</b>',
  },
  /** Face recognition's names for what an attack does; noise is the baseline. */
  role: { dodging: 'dodging', impersonation: 'impersonation', baseline: 'baseline' },
  roleMeaning: {
    dodging: 'dodging (untargeted: escape your own identity)',
    impersonation: 'impersonation (targeted: be recognised as the target)',
    baseline: 'baseline (random-sign noise, same L-inf size, no gradient)',
  },
  robustness: {
    rate: (r: CountedRate) => `${rate(r)} (${r.count}/${r.total}), 95% Wilson CI [${n.percent(r.lower)}, ${n.percent(r.upper)}]`,
    band: (attack: string) => `${attack} 95% CI`,
    line: (attack: string, role: string) => `${attack} (${role})`,
    robustAccuracy: 'Robust accuracy',
    originalRuleAccuracy: 'Accuracy (original rule)',
    hoverRobust: 'robust accuracy',
    hoverOriginalRule: 'accuracy (original rule)',
    hover: (attack: string, role: string, epsilon: string) => `<b>${attack}</b> (${role}) · ε = ${epsilon}`,
    targetReached: 'target reached',
    attackSuccess: 'attack success',
    monotone: (attack: string) => `${attack} monotone worst case`,
    monotoneHover: (attack: string, epsilon: string) => `<b>${attack}</b> monotone worst case · ε ≤ ${epsilon}`,
    clean: 'clean (ε = 0)',
    cleanHover: '<b>clean</b> accuracy',
    title: (what: string, model: string, images: number) => `${what} vs epsilon: attacks and random-noise baseline (${model}, ${images} test images, bands = 95% Wilson CI)`,
  },
  perIdentity: {
    title: (attack: string, role: string) => `Robust accuracy per identity: ${attack} (${role})`,
    hover: (person: string, epsilon: string, r: CountedRate) =>
      `<b>${person}</b> · ε = ${epsilon}<br>robust accuracy ${rate(r)} (${r.count}/${r.total})<br>95% Wilson CI [${n.percent(r.lower)}, ${n.percent(r.upper)}]`,
    colourBar: 'robust accuracy',
    personAxis: 'True person',
  },
  confusion: {
    title: (attack: string, epsilon: string, robustAccuracy: number) => `Who becomes whom: ${attack} at ε = ${epsilon} (robust accuracy ${n.percent(robustAccuracy)})`,
    hover: (truth: string, predicted: string, count: number, total: number) => `<b>${truth}</b> → <b>${predicted}</b><br>${count} of ${total} faces (${n.percent(total ? count / total : Number.NaN)})`,
    colourBar: 'faces',
    predictedAxis: 'Predicted person after the attack',
    trueAxis: 'True person',
  },
  minimalEpsilon: {
    title: (images: number) => `Minimal epsilon per face: the smallest ε of the sweep that breaks it (${images} test images)`,
    cleanWrong: 'wrong when clean',
    neverBroken: 'never broken',
    hover: (attack: string, faces: number, total: number) => `<b>${attack}</b>: ${faces} of ${total} faces (${n.percent(faces / total)})`,
    robustEverywhere: 'robust at every ε of the list',
    alreadyWrong: 'already misclassified',
    firstBroken: (epsilon: string) => `first broken at ε = ${epsilon}`,
    axis: 'Minimal epsilon (ε)',
    facesAxis: 'Faces',
  },
  slider: {
    trace: (epsilon: string, face: number) => `ε ${epsilon} · face ${face}`,
    target: (person: string) => ` → target ${person}`,
    robustAccuracy: (faces: number, accuracy: number) => ` · robust accuracy on all ${faces} test faces ${n.percent(accuracy)}`,
  },
  sameFaces: {
    title: (attack: string, faces: number) => `${attack}: the same ${faces} faces at every ε`,
    cellNote: 'each cell: left, the image the model sees; right, the perturbation magnified (−ε black … +ε white, grey = unchanged)',
    answersNote: 'under it, the top 3 answers: ',
    truePerson: 'true person',
    target: 'impersonation target',
    wrongAnswer: 'a wrong top answer',
    /** The label column's lines for a row; epsilon undefined = the clean row. */
    epsilonRow: (epsilon: string | undefined) => [`ε = ${epsilon ?? '0 (clean)'}`],
    robustAccuracy: (accuracy: number) => `robust acc. ${n.percent(accuracy)}`,
    cleanImage: 'clean image',
  },
  examplesGrid: {
    title: (model: string) => `FGSM adversarial examples · ${model}`,
    captionNote: 'caption: true person → prediction (its confidence)',
    cleanRowNote: 'ε = 0 row: clean images, still correct ✓',
    accuracy: (accuracy: number) => `accuracy ${n.percent(accuracy)}`,
    noCorrect: 'no correctly classified image',
    noMisclassified: 'no misclassified example',
  },
  /** The library's warnings, kept as sentences the CLI prints and the notebook shows in Spanish. */
  warning: {
    repeatedEpsilons: (repeated: readonly number[]) => `epsilon${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')} given more than once: each is attacked once.`,
    sortedEpsilons: (sorted: readonly number[], given: readonly number[]) => `epsilons sorted ascending: ${sorted.join(', ')} (given as ${given.join(', ')}).`,
    belowEightBit: (epsilon: number, step: number) =>
      `epsilon ${epsilon} is below one 8-bit step (1/255 = ${step.toPrecision(4)}): the perturbation mostly vanishes when the adversarial image is saved with 8 bits per channel; compare with the quantised scores.`,
    sanityFailed: (check: string, detail: string) => `sanity check ${check} failed: ${detail}`,
  },
  /** The notebook's titles, tables, face-grid captions and generated analyses. */
  notebook: notebookEn,
  /** The face verification study's figures. */
  verification: verificationEn,
};

export type Catalogue = typeof en;
