/**
 * The notebook's own words in English: chart titles it sets, table headers, face-grid captions and
 * the analyses it writes from the numbers. Part of the catalogue (en.notebook), so the Spanish
 * notebook has a key for every text and an English run of the same helpers reads naturally too.
 */
import { numberFormat } from './numbers.js';

const n = numberFormat('en');

/** An accuracy with its counts and its 95% Wilson interval, as the analyses quote it. */
export interface CountedRate {
  readonly rate: number;
  readonly correct: number;
  readonly total: number;
  readonly lower: number;
  readonly upper: number;
}

/** "45.7% (18/40; 95% CI 31.3–60.8%)". */
const detail = (a: CountedRate) => `(${a.correct}/${a.total}; 95% CI ${n.percent(a.lower).replace('%', '')}–${n.percent(a.upper)})`;
const counted = (a: CountedRate) => `${n.percent(a.rate)} ${detail(a)}`;

export const notebookEn = {
  charts: {
    logButton: 'log ε',
    linearButton: 'linear ε',
    dodgingTitle: (model: string, attacks: readonly string[], baseline: boolean) =>
      `Dodging: ${attacks.length > 1 ? `${attacks.slice(0, -1).join(', ')} and ${attacks[attacks.length - 1]}` : attacks.join('')}${baseline ? ' against random noise' : ''} · ${model}`,
    confusionTitle: (attack: string, epsilon: string) => `Who becomes whom? ${attack} at ε = ${epsilon}`,
    sliderTitle: (target: string, attack: string) => `Impersonating ${target} (${attack}): move the ε slider`,
    dodgingSliderTitle: (attack: string) => `Dodging with ${attack}: move the ε slider`,
  },
  tables: {
    sweep: {
      caption: (model: string, images: number) => `FGSM on ${model}: ${images} test images`,
      epsilon: 'ε',
      correct: 'correct',
      total: 'images',
      accuracy: 'accuracy',
      attackSuccessRate: 'attack success',
      meanLinf: 'mean L∞',
      meanL2: 'mean L2',
      meanTrueClassConfidence: 'confidence in the true person',
    },
    beyond: {
      attack: 'attack',
      epsilon: 'ε',
      role: 'kind',
      robustAccuracy: 'robust accuracy [95% CI]',
      saved8Bit: 'saved in 8 bits',
      success: 'success (target reached) [95% CI]',
      interval: (rate: number, lower: number, upper: number) => `${n.percent(rate)} [${n.percent(lower)}, ${n.percent(upper)}]`,
    },
    predictions: {
      person: 'person',
      before: 'prediction without attack',
      after: 'prediction under attack',
      outcome: 'outcome',
      alreadyWrong: 'already wrong',
      resists: 'resists',
      fooled: 'fooled',
    },
    split: {
      person: 'person',
      train: 'train',
      test: 'test',
      total: 'total',
      caption: (file: string, seed: number | string, testPercent: number) => `Split ${file} (seed ${seed}, ${testPercent}% test per person)`,
    },
  },
  faces: {
    samplesTitle: (people: number, of: number) => `Samples of the dataset (${people} of ${of} people)`,
    samplesSubtitle: (images: number, folder: string) => `${images} images in ${folder}`,
    samplesAlt: 'Samples of the dataset with their names',
    original: 'original image x',
    sign: 'sign(∇ₓ J(θ, x, y))',
    addedTimes: (epsilon: number) => `added × ε = ${n.number(epsilon)}`,
    signColours: 'white +1 · black −1',
    adversarial: 'adversarial image',
    confidence: (probability: number) => `confidence ${n.confidence(probability)}`,
    workedTitle: (epsilon: number) => `x_adv = x + ε · sign(∇ₓ J(θ, x, y)),  ε = ${n.number(epsilon)}`,
    workedSubtitle: (model: string, truth: string, predicted: string) => `${model}: the face of ${truth} is now recognised as ${predicted}`,
    workedAlt: (truth: string, predicted: string, epsilon: number) => `FGSM example: ${truth} → ${predicted} at ε = ${n.number(epsilon)}`,
    noWorkedExample: (model: string) => `None of the first test images that ${model} recognises is fooled by the ε tried.`,
    epsilonRow: (epsilon: number) => `ε = ${n.number(epsilon)}`,
    accuracyRow: (accuracy: number) => `accuracy ${n.percent(accuracy)}`,
    noneRecognised: 'no face correctly recognised',
    noneFooled: 'no face fooled at this ε',
    truth: (person: string) => `true: ${person}`,
    examplesTitle: (model: string) => `Adversarial examples of ${model} by ε`,
    examplesSubtitle: 'green: still right · red: fooled by the attack (prediction and its confidence)',
    examplesAlt: (model: string) => `Adversarial examples of ${model}`,
    levelsRow: (levels: number) => `${n.fixed(levels, levels < 1 ? 2 : 1)} levels`,
    originalShort: 'original',
    perturbation: 'perturbation',
    magnified: (gain: number) => `magnified × ${n.number(gain)}`,
    adversarialShort: 'adversarial',
    perturbationsTitle: (model: string) => `The perturbation, magnified so it shows (${model})`,
    perturbationsSubtitle: 'grey = unchanged; each pixel moves ±ε in the direction of the sign of the gradient',
    perturbationsAlt: (model: string) => `Perturbations of ${model}, magnified`,
    noPerturbations: 'No ε > 0 has fooled examples to show.',
    dodgingAlt: 'The same faces attacked to escape their own identity',
    impersonationAlt: (target: string) => `The same faces attacked to look like ${target}`,
  },
  environment: {
    caption: 'Runtime environment',
    notInstalled: 'not installed',
    cellTypeScript: 'tslab / TypeScript of the cells',
    backend: 'compute backend',
    backendHint: (detail: string) => `${detail}  (FGSM_BACKEND=tensorflow|wasm|cpu forces it)`,
    chromium: 'Chromium (PNG of the charts)',
    chromiumMissing: 'not found: the charts will carry no fallback PNG',
    workingDirectory: 'working directory',
    repositoryRoot: (folder: string) => `repository root (${folder}/)`,
    data: 'data',
    syntheticSample: '  (synthetic sample; see «Real data» at the end)',
    bundledModels: 'bundled models',
    noModels: (folder: string) => `none in ${folder}/`,
    results: 'results',
  },
  modelSummary: {
    caption: (model: string) => `Model loaded: ${model}`,
    model: 'model',
    weights: 'weights',
    pthFormat: 'PyTorch state_dict',
    ownFormat: 'fgsm-faces format',
    parameters: 'trainable parameters',
    inputLabel: 'input',
    input: (side: number, mean: readonly number[]) => `${side}×${side} px RGB, normalised with mean [${mean.map(n.number).join(', ')}]`,
    classes: 'classes (people)',
    training: 'training',
    notRecorded: 'not recorded (weights without metadata, e.g. a .pth)',
    recordedWithoutDetail: 'recorded without details',
    bestEpoch: (epoch: number) => `best epoch ${epoch}`,
    validationAccuracy: (accuracy: number) => `validation accuracy ${n.percent(accuracy)}`,
    splitFile: (file: string) => `split ${file}`,
    attacked: 'images attacked',
    engine: 'engine',
    note: 'note',
  },
  progress: {
    images: 'images',
    attacksLabel: (model: string) => `Attacks · ${model}`,
    attacksNote: (attacks: number, epsilons: number) => `${attacks} attacks × ${epsilons} ε values`,
    epsilonsNote: (epsilons: number) => `${epsilons} ε values`,
    running: (done: number, total: number, unit: string, percent: number, elapsed: string) => `${done}/${total} ${unit} (${percent}%), ${elapsed}`,
    remaining: (time: string) => `, ~${time} left`,
    finished: (done: number, total: number, unit: string, elapsed: string) => `✓ ${done}/${total} ${unit} in ${elapsed}`,
    reused: (model: string) => `✓ ${model}: results already computed above (same weights, images and ε)`,
  },
  sweepAnalysis: {
    heading: (model: string) => `### Analysis of \`${model}\``,
    generated: (images: number) => `*Text generated from the results computed above (${images} test images).*`,
    clean: (accuracy: CountedRate) => `- **Without attack (ε = 0)** the model gets **${n.percent(accuracy.rate)}** of the images right ${detail(accuracy)}.`,
    initiallyWrong: (wrong: number) => `${wrong === 1 ? ' The one image it already gets wrong counts as a failure' : ` The ${wrong} it already gets wrong count as failures`} at every ε, as in the original notebook: the attack is only applied to the ones it recognises.`,
    noAttack: '- There is no ε > 0 in the list, so there is no attack to analyse: add values to `epsilons`.',
    smallest: (epsilon: number, levels: string, visibility: string, accuracy: CountedRate) =>
      `- At the smallest ε, **ε = ${n.number(epsilon)}**, that is ${levels}, ${visibility}. Accuracy is ${counted(accuracy)}`,
    alreadyDrops: (drop: number) => `: it already loses ${n.points(drop)}.`,
    barelyChanges: ': practically the same as without attack.',
    firstDrop: (epsilon: number, levels: string, visibility: string | undefined, accuracy: CountedRate) =>
      `- The first noticeable drop comes at **ε = ${n.number(epsilon)}**, ${levels}${visibility ? `, ${visibility}` : ''}: ${counted(accuracy)}.`,
    halved: (epsilon: number, accuracy: CountedRate, success: number, visibility: string) =>
      `- Accuracy falls to **less than half** of the clean one at **ε = ${n.number(epsilon)}**: ${counted(accuracy)}. ` +
      `The attack fools the model on ${n.percent(success)} of the images it recognised, with a perturbation ${visibility}.`,
    notHalved: '- In the range tried accuracy **does not fall to half** of the clean one: the model holds up better than expected; try larger ε to find its limit.',
    largest: (epsilon: number, accuracy: CountedRate, success: number, cleanConfidence: number, confidence: number) =>
      `- At the largest ε, **ε = ${n.number(epsilon)}**, accuracy is ${counted(accuracy)} and the attack succeeds on ${n.percent(success)} of the attacked images; ` +
      `the mean confidence in the right person goes from ${n.percent(cleanConfidence)} without attack to ${n.percent(confidence)}.`,
    reversal: (from: number, fromAccuracy: number, to: number, toAccuracy: number) => `from ε = ${n.number(from)} (${n.percent(fromAccuracy)}) to ε = ${n.number(to)} (${n.percent(toAccuracy)})`,
    reversals: (pairs: readonly string[]) =>
      `- The curve is **not monotone**: accuracy rises ${pairs.join('; ')}. FGSM takes a single step of size ε along the sign of the gradient, which is only the most damaging direction for small steps (a linear approximation); ` +
      'at large ε pixels saturate at 0 or 1 and the image moves so far that the result stops getting worse in an orderly way.',
    intervals: (images: number) => `- Each accuracy comes with its 95% confidence interval (Wilson) for ${images} images: it is wider near 50% than near 0% or 100%, and two accuracies whose intervals overlap cannot be told apart with confidence.`,
    greyLevels: (levels: number) => `${n.fixed(levels, levels < 0.1 ? 3 : 1)} of 255 levels`,
    visibility: {
      belowHalfLevel: 'less than half a grey level: invisible, and it would be lost when saving the image in 8 bits (the model receives it unrounded)',
      invisible: 'invisible to the naked eye',
      fineGrain: 'barely noticeable, as a fine grain',
      noise: 'visible as noise, though the face is still recognisable',
      dominant: 'very visible: noise dominates the image',
    },
  },
  comparison: {
    none: '*There are no results to compare.*',
    heading: '### Comparison of models',
    generated: (models: readonly string[], totals: readonly number[]) =>
      `*Generated from the sweeps above (${models.map((m) => `\`${m}\``).join(', ')}), on ${totals.length === 1 ? `the same ${totals[0]} test images` : `${totals.join(', ')} test images`}.*`,
    differentEpsilons: 'The models were attacked with different ε lists: run them with the same `epsilons` to compare them.',
    modelColumn: (model: string, parameters: number | undefined) => (parameters === undefined ? `\`${model}\`` : `\`${model}\` (${n.fixed(parameters / 1e6, 1)} M parameters)`),
    cleanRow: '0 (no attack)',
    cell: (rate: CountedRate | undefined) => (rate === undefined ? '–' : `${n.percent(rate.rate)} (${n.percent(rate.lower).replace('%', '')}–${n.percent(rate.upper)})`),
    accuracyTable: '**Accuracy**: faces still recognised, over all the test faces, as the original counted them (in brackets, the 95% Wilson interval).',
    successTable: '**Attack success**: of the faces a model recognises without attack, the fraction the attack fools (95% interval).',
    minimalTable:
      '**Minimal ε per face**: the smallest ε of the list that fools it (number of faces). FGSM is not monotone: a face fooled at one ε can be recognised again at a larger one; it counts at the first.',
    minimalColumn: 'minimal ε',
    median: 'median face',
    onlyOne: 'Only one model is available; train or add other weights in `models/` to compare them.',
    differentFaces: '- The models were not attacked on the same faces, so they cannot be compared face by face: only where their intervals do not overlap do they differ for sure.',
    verdictHeading: '**Did depth or width buy robustness here?**',
    pair: (a: string, b: string, test: { readonly wins: number; readonly losses: number; readonly pValue: number }, significant: boolean) => {
      const p = test.pValue < 0.001 ? '< 0.001' : n.fixed(test.pValue, 3);
      const winner = test.wins > test.losses ? a : b;
      return (
        `- \`${a}\` against \`${b}\`: on the same faces, \`${a}\` holds out to a larger ε on ${test.wins}, \`${b}\` on ${test.losses} (the rest tie). ` +
        (significant
          ? `A split this uneven would come by chance with probability ${p} (exact sign test): **\`${winner}\` is more robust** on these faces.`
          : `A split like this comes by chance with probability ${p} (exact sign test): **no difference shown**.`)
      );
    },
    sizeBought: (model: string) => `- So yes: the biggest model, \`${model}\`, resists FGSM better than each of the others here.`,
    sizeHurt: (model: string) => `- The biggest model, \`${model}\`, is even the more fragile one in at least one pair: more parameters bought no robustness here.`,
    sizeBoughtNothing: (model: string) =>
      `- The biggest model, \`${model}\`, is not shown to resist better than every smaller one: more parameters bought no robustness that these faces can detect, as the original observed for its ResNet-101.`,
    noneBetter: '- No pair differs beyond chance. That does not prove the models equally robust: it says the differences, if any, are too small for this many faces.',
    allHalvedSame: (epsilon: number) => `- All fall below half at the same ε = ${n.number(epsilon)}: no architecture is protected against FGSM without adversarial training.`,
    allHalvedBetween: (from: number, to: number) =>
      `- All end up below half of their clean accuracy (between ε = ${n.number(from)} and ε = ${n.number(to)}): no architecture is protected against FGSM without adversarial training.`,
    whatIntervalsCover: (images: number, halfway: { readonly lower: number; readonly upper: number }) =>
      `- **What the intervals cover, and what they do not.** They and the tests count only the luck of which ${images} test faces were drawn: at an accuracy near 50% the interval runs from ${n.percent(halfway.lower)} to ${n.percent(halfway.upper)}, so differences of a few points between curves go unnoticed. ` +
      'They say nothing about the luck of training: each model was trained once, with one seed, on synthetic faces; another seed or real photos could move a curve as much as a change of architecture. To claim that an architecture is more robust, one would train several seeds of each and attack real faces.',
  },
  beyondAnalysis: {
    intro: (epsilon: string, levels: number, faces: number) => `At ε = ${epsilon} (about ${levels} grey levels of 255) and ${faces} test faces:`,
    noise: (noise: string, clean: string, fgsm: string) =>
      `- **Gradient or mere noise?** Random-sign noise of the same size leaves accuracy at ${noise} (without attack: ${clean}); FGSM, with the same perturbation but along the gradient, brings it down to ${fgsm}. What fools the model is the direction, not the amount of noise.`,
    steps: (attack: string, steps: string, robust: string, comparison: string) => `- **One step against several.** ${attack} (${steps} steps) leaves ${robust}: ${comparison}.`,
    pgdStronger: (gap: number) => `${n.points(gap)} less than FGSM, which therefore underestimates the threat`,
    pgdSame: 'the same as FGSM in this run',
    impersonation: (target: string, attack: string, rate: number, fgsm?: number) =>
      `- **Impersonation.** With ${attack} targeted at ${target}, ${n.percent(rate)} of other people's faces are now recognised as ${target}${fgsm === undefined ? '' : ` (targeted FGSM: ${n.percent(fgsm)})`}. Escaping one's own identity is easier than passing for a specific other person.`,
    tinyEpsilon: (epsilon: number, floating: number, saved: number) =>
      `- **Saving the image erases the tiny ε.** At ε = ${n.number(epsilon)} (less than one grey level) FGSM leaves ${n.percent(floating)} in floating point, but ${n.percent(saved)} after rounding to 8 bits as when saving a PNG or JPEG: the perturbation disappears. The original study's ε = 0.0001 and 0.001 do not survive saving the image.`,
    noiseName: 'random noise',
    nonMonotone: (attacks: readonly string[]) =>
      `- **${attacks.length === 1 ? `The ${attacks[0]} curve is not monotone` : `The ${attacks.slice(0, -1).join(', ')} and ${attacks[attacks.length - 1]} curves are not monotone`}**: some face fooled at a smaller ε is recognised again at a larger one; the worst-case curve (dashed) counts those faces as broken, as an attacker trying several ε would.`,
    noDodging: 'The attack list has no untargeted attack (FGSM, BIM or PGD without a target): add one, e.g. pgdAttack({ steps: 5 }).',
    sanityPassed: 'All sanity checks passed (ε = 0 reproduces the clean accuracy, the outputs are logits, the inputs are in [0, 1] and PGD is at least as strong as FGSM).',
    sanityFailed: (checks: readonly string[]) => `Sanity checks that failed: ${checks.join(', ')}: check the numbers before trusting them.`,
  },
};
