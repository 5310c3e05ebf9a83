/**
 * The words a reader sees in the figures, for the locale tests: every figure builder run on the
 * figure fixtures (sweeps, a training history, a real attack study of the exact linear classifier
 * and its examples) in a given locale, and the visible text of each pulled out of the figure data.
 */
import { bimAttack, fgsmAttack, pgdAttack, randomSignNoise } from '../../src/attacks/index.js';
import { attackExamples, runAttackStudy, type AttackExamples, type AttackStudyResults } from '../../src/eval/index.js';
import {
  accuracyFigure,
  classDistributionFigure,
  confusionFigure,
  epsilonSliderFigure,
  examplesGrid,
  minimalEpsilonFigure,
  modelsComparisonFigure,
  perIdentityFigure,
  robustnessCurvesFigure,
  sameFacesGrid,
  trainingCurveFigure,
} from '../../src/figures/index.js';
import { messages, type Locale } from '../../src/i18n/index.js';
import { batchesOf, linearSetup } from '../attacks/helpers.js';
import { sweepOutput, sweepResults, trainingHistory } from '../figures/fixtures.js';

/** Data, not words: person names of the fixtures, models, attacks. */
export const PERSON_NAMES = ['Amara Okafor', 'Kenji Morita', 'Lucia Ferran', 'Omar Haddad'];
/** Longest first, so "fgsm-impersonate" goes before "fgsm". */
export const DATA_NAMES = [...PERSON_NAMES, 'resnet18', 'resnet101', 'fgsm-impersonate', 'pgd-impersonate', 'pgd-targeted', 'fgsm', 'bim', 'pgd', 'noise', 'face-api', 'Subject'];

/**
 * Words both languages write alike: attack names, Wilson's, "original" (Spanish too), and the
 * verification metrics' acronyms, which Spanish texts keep (AUC, EER, FAR, TAR, ROC; L-inf).
 */
export const SHARED_WORDS = new Set(['FGSM', 'BIM', 'PGD', 'FGM', 'MI', 'Wilson', 'original', 'AUC', 'EER', 'FAR', 'TAR', 'ROC', 'inf']);

/** Keys whose strings are shown to the reader (titles, names, hovers, ticks, annotations, slider labels). */
const TEXT_KEYS = new Set(['text', 'name', 'hovertext', 'hovertemplate', 'ticktext', 'label', 'prefix', 'title.text', 'x', 'y', 'title', 'notes', 'columnHeads', 'captions', 'emptyNote', 'beside']);

/** Every shown string of a figure or face grid, however deep. */
export function shownStrings(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return TEXT_KEYS.has(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => shownStrings(v, key));
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return Object.entries(value).flatMap(([k, v]) => shownStrings(v, k));
  }
  return [];
}

/**
 * The words of a text: markup, Plotly placeholders and data names removed; single letters (ε, x,
 * the n and d of "n/d") are symbols rather than words.
 */
export function wordsOf(text: string): string[] {
  let plain = text.replace(/<[^>]*>/g, ' ').replace(/%\{[^}]*\}/g, ' ');
  for (const name of DATA_NAMES) plain = plain.split(name).join(' ');
  return (plain.match(/\p{L}+/gu) ?? []).filter((word) => word.length > 1 && !SHARED_WORDS.has(word));
}

/** Every string leaf of a catalogue (message functions are covered by the figures that call them). */
export function catalogueTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return value && typeof value === 'object' ? Object.values(value).flatMap(catalogueTexts) : [];
}

/**
 * The English a Spanish figure must not contain: the words of the English catalogue's texts and of
 * every figure built in English from the same fixtures (which covers the message functions).
 */
export async function englishVocabulary(): Promise<Set<string>> {
  const texts = [...catalogueTexts(messages('en')), ...Object.values(await figuresIn('en')).flatMap((figure) => shownStrings(figure))];
  return new Set(texts.flatMap(wordsOf));
}

let study: Promise<{ study: AttackStudyResults; examples: AttackExamples }> | undefined;

/** One small real attack study, shared by every caller (it takes a few seconds). */
function attackStudy(): Promise<{ study: AttackStudyResults; examples: AttackExamples }> {
  study ??= (async () => {
    const { model, images, labels } = await linearSetup(16);
    const epsilons = [0, 0.001, '1/255', '4/255', '16/255', 0.1];
    const results = await runAttackStudy(model, batchesOf(images, labels, 8), {
      attacks: [fgsmAttack(), bimAttack({ steps: 3 }), pgdAttack({ steps: 3 }), randomSignNoise(), fgsmAttack({ target: 1, name: 'fgsm-impersonate' })],
      epsilons,
      quantise: true,
    });
    const first = batchesOf(images, labels, 4)[0]!;
    const examples = await attackExamples(model, first.batch, first.labels, pgdAttack({ steps: 3, target: 1 }), epsilons);
    return { study: { ...results, model: 'resnet18' }, examples };
  })();
  return study;
}

/** Each figure of src/figures built in the locale, by name. */
export async function figuresIn(locale: Locale): Promise<Record<string, unknown>> {
  const { study, examples } = await attackStudy();
  const a = sweepResults('resnet18', [36, 35, 30, 10, 4]);
  const b = sweepResults('resnet101', [38, 38, 36, 20, 9]);
  const sources = examples.rows.map((row) => row.pixels.map(() => 'data:image/png;base64,'));
  const robust = examples.rows.map((row) => study.attacks[0]!.results[study.epsilons.indexOf(row.epsilon)]?.robustAccuracy);
  return {
    accuracyLog: accuracyFigure(a, { logX: true, locale }),
    accuracyLinear: accuracyFigure(a, { locale }),
    accuracyOnlyClean: accuracyFigure(sweepResults('resnet18', [36], { epsilons: [0] }), { logX: true, locale }),
    comparison: modelsComparisonFigure([a, b], { logX: true, locale }),
    training: trainingCurveFigure(trainingHistory(), { locale }),
    classes: classDistributionFigure(PERSON_NAMES.map((name, i) => ({ name, count: i + 1 })), { locale }),
    curves: robustnessCurvesFigure(study, { locale }),
    curvesOriginalRule: robustnessCurvesFigure(study, { rule: 'original', locale }),
    perIdentity: perIdentityFigure(study.attacks[2]!, PERSON_NAMES, { locale }),
    confusion: confusionFigure(study.attacks[2]!.results[3]!, PERSON_NAMES, { locale }),
    minimalEpsilon: minimalEpsilonFigure(study, { locale }),
    slider: epsilonSliderFigure(examples, sources, PERSON_NAMES, { robustAccuracy: robust, locale }),
    sameFaces: sameFacesGrid(examples, PERSON_NAMES, { robustAccuracy: robust, locale }).grid,
    examplesGrid: examplesGrid(sweepOutput([2, 0, 3]), PERSON_NAMES, { locale }).grid,
  };
}
