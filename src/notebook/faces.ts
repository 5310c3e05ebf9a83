/**
 * The notebook's face figures (PNG, captions in the notebook's language): sample faces with their names, the worked
 * FGSM example (original, sign of the gradient, adversarial), the adversarial examples of a sweep
 * and their perturbations magnified so the eye can see them.
 */
import { fgsmStep } from '../attacks/fgsm.js';
import type { FaceDataset, FaceEntry } from '../data/dataset.js';
import { decodeImage } from '../data/images.js';
import { argmaxRow, softmaxAt } from '../eval/metrics.js';
import { FACE_COLOURS, faceGridPng, type FaceCell, type FaceGridStyle, type FaceRow } from '../figures/face-grid.js';
import { magnifiedPerturbation, perturbationGain } from '../figures/face-image.js';
import { showPng } from './display.js';
import { notebookText } from './locale.js';
import type { NotebookModel } from './model.js';
import type { StudiedSweep } from '../study/facade.js';

const { t, n } = notebookText;
const say = t.notebook.faces;

const DISPLAY_SIDE = 96;

/** The notebook's compact sizes; a 256-colour PNG since every image is stored in the notebook and its HTML report. */
const NOTEBOOK_GRID_STYLE: FaceGridStyle = {
  padding: 14,
  titleSize: 17,
  labelWidth: 120,
  labelSizes: [14, 12],
  labelLineGap: 17,
  noteSize: 13,
  imageTop: 4,
  imageGap: 6,
  captionGap: 7,
  rowBottom: 9,
  captionSize: 11,
  captionLine: 14,
  captionAlign: 'middle',
  frameWidth: 3,
  rules: false,
  palette: true,
};

export interface NotebookGridOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Side of each shown image in px (default 112). */
  readonly imageSize?: number;
  /** Cell width (default imageSize + 24, at least 120) so names fit under the image. */
  readonly cellWidth?: number;
}

/** One image of `side` x `side` px. */
function square(pixels: Float32Array, side: number) {
  return { pixels, height: side, width: side };
}

export async function notebookGridPng(rows: readonly FaceRow[], options: NotebookGridOptions): Promise<Buffer> {
  if (rows.every((r) => r.cells.length === 0)) throw new RangeError('notebookGridPng: nothing to draw (no images).');
  const imageSize = options.imageSize ?? 112;
  return faceGridPng(
    { title: options.title, notes: options.subtitle ? [options.subtitle] : [], rows },
    {
      ...NOTEBOOK_GRID_STYLE,
      labelWidth: rows.some((r) => r.label && r.label.length > 0) ? NOTEBOOK_GRID_STYLE.labelWidth : 0,
      headerHeight: NOTEBOOK_GRID_STYLE.padding + 34 + (options.subtitle ? 18 : 0),
      imageSize,
      imagesPerCell: 1,
      cellWidth: options.cellWidth ?? Math.max(120, imageSize + 24),
      captionLines: Math.max(0, ...rows.flatMap((r) => r.cells.map((c) => c.captions?.length ?? 0))),
    },
  );
}

/** First images of the first people, one row per `columns` faces, each captioned with its name. */
export async function sampleFacesPng(dataset: FaceDataset, options: { people?: number; perPerson?: number; columns?: number } = {}): Promise<Buffer> {
  const perPerson = options.perPerson ?? 1;
  const people = dataset.classNames.slice(0, options.people ?? 12);
  const chosen = people.flatMap((name) => dataset.entries.filter((e) => e.name === name).slice(0, perPerson));
  const cells: FaceCell[] = await Promise.all(chosen.map(async (entry) => ({ image: square(await decodeImage(entry.path, DISPLAY_SIDE), DISPLAY_SIDE), captions: [entry.name] })));
  const columns = options.columns ?? 6;
  const rows: FaceRow[] = [];
  for (let i = 0; i < cells.length; i += columns) rows.push({ cells: cells.slice(i, i + columns) });
  return notebookGridPng(rows, {
    title: say.samplesTitle(people.length, dataset.classNames.length),
    subtitle: say.samplesSubtitle(dataset.entries.length, dataset.root.split('/').slice(-2).join('/')),
    imageSize: 96,
  });
}

export async function showSampleFaces(dataset: FaceDataset, options: { people?: number; perPerson?: number; columns?: number } = {}): Promise<void> {
  showPng(await sampleFacesPng(dataset, options), say.samplesAlt);
}

export interface WorkedExample {
  readonly entry: FaceEntry;
  readonly epsilon: number;
  readonly clean: Float32Array;
  /** sign(gradient) as -1, 0, +1. */
  readonly sign: Float32Array;
  readonly adversarial: Float32Array;
  readonly trueName: string;
  readonly cleanConfidence: number;
  readonly predictedName: string;
  readonly adversarialConfidence: number;
}

/**
 * Finds a test face the model recognises and the smallest of `epsilons` that fools it, looking at
 * up to `maxImages` test faces (one gradient pass for all of them).
 */
export async function findWorkedExample(model: NotebookModel, options: { epsilons?: readonly number[]; maxImages?: number } = {}): Promise<WorkedExample | undefined> {
  const epsilons = options.epsilons ?? [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2];
  const entries = model.testEntries.slice(0, options.maxImages ?? 16);
  const side = model.spec.inputSize;
  const size = side * side * 3;
  const n = model.spec.numClasses;
  const pixels = new Float32Array(entries.length * size);
  await Promise.all(entries.map(async (e, i) => pixels.set(await decodeImage(e.path, side), i * size)));
  const batch = { pixels, count: entries.length, height: side, width: side };
  const labels = Int32Array.from(entries.map((e) => e.label));
  const { logits, gradient } = await model.classifier.lossGradient(batch, labels);
  const correct = entries.map((_, i) => i).filter((i) => argmaxRow(logits, i, n) === labels[i]);
  for (const epsilon of epsilons) {
    const adversarial = await model.classifier.logits({ ...batch, pixels: fgsmStep(pixels, gradient, epsilon) });
    const fooled = correct.find((i) => argmaxRow(adversarial, i, n) !== labels[i]);
    if (fooled === undefined) continue;
    const clean = pixels.slice(fooled * size, (fooled + 1) * size);
    const grad = gradient.slice(fooled * size, (fooled + 1) * size);
    const predicted = argmaxRow(adversarial, fooled, n);
    return {
      entry: entries[fooled]!,
      epsilon,
      clean,
      sign: grad.map((g) => Math.sign(g)),
      adversarial: fgsmStep(clean, grad, epsilon),
      trueName: model.classNames[labels[fooled]!]!,
      cleanConfidence: softmaxAt(logits, fooled, n, labels[fooled]!),
      predictedName: model.classNames[predicted] ?? t.unknownClass(predicted),
      adversarialConfidence: softmaxAt(adversarial, fooled, n, predicted),
    };
  }
  return undefined;
}

export async function workedExamplePng(example: WorkedExample, side: number, modelLabel: string): Promise<Buffer> {
  const noise = example.sign.map((s) => 0.5 + 0.5 * s);
  return notebookGridPng(
    [
      {
        cells: [
          { image: square(example.clean, side), verdict: 'correct', captions: [say.original, [{ text: example.trueName, colour: FACE_COLOURS.correct, bold: true }], say.confidence(example.cleanConfidence)] },
          { image: square(noise, side), captions: [say.sign, say.addedTimes(example.epsilon), say.signColours] },
          { image: square(example.adversarial, side), verdict: 'wrong', captions: [say.adversarial, [{ text: example.predictedName, colour: FACE_COLOURS.wrong, bold: true }], say.confidence(example.adversarialConfidence)] },
        ],
      },
    ],
    {
      title: say.workedTitle(example.epsilon),
      subtitle: say.workedSubtitle(modelLabel, example.trueName, example.predictedName),
      imageSize: 160,
      cellWidth: 210,
    },
  );
}

/** The worked example of the introduction; says so plainly if no face in the sample is fooled. */
export async function showWorkedExample(model: NotebookModel, options: { epsilons?: readonly number[]; maxImages?: number } = {}): Promise<void> {
  const example = await findWorkedExample(model, options);
  if (!example) {
    console.log(say.noWorkedExample(model.label));
    return;
  }
  showPng(await workedExamplePng(example, model.spec.inputSize, model.label), say.workedAlt(example.trueName, example.predictedName, example.epsilon));
}

function nameOf(classNames: readonly string[], label: number): string {
  return classNames[label] ?? t.unknownClass(label);
}

/**
 * Original, perturbation and adversarial image for the first fooled example at each chosen
 * epsilon. The perturbation (at most ε per pixel) is scaled by 1/(2ε) around grey so it fills the
 * visible range: at ε = 0,01 a change of 2,5 grey levels becomes full black or white.
 */
export async function perturbationsPng(sweep: StudiedSweep, options: { epsilons?: readonly number[] } = {}): Promise<Buffer | undefined> {
  const { output, attacked, classNames } = sweep;
  const side = output.results.inputSize;
  const wanted = options.epsilons ?? output.results.epsilons.filter((r) => r.epsilon > 0).map((r) => r.epsilon);
  const rows: FaceRow[] = [];
  for (const [e, row] of output.results.epsilons.entries()) {
    if (!wanted.includes(row.epsilon) || row.epsilon === 0) continue;
    const i = row.examples.findIndex((x) => x.finalPrediction !== x.trueLabel);
    if (i < 0) continue;
    const example = row.examples[i]!;
    const entry = attacked[example.sampleIndex];
    if (!entry) continue;
    const clean = await decodeImage(entry.path, side);
    const adversarial = output.exampleImages[e]![i]!;
    const gain = perturbationGain(row.epsilon);
    rows.push({
      label: [say.epsilonRow(row.epsilon), say.levelsRow(row.epsilon * 255)],
      cells: [
        { image: square(clean, side), verdict: 'correct', captions: [say.originalShort, [{ text: nameOf(classNames, example.trueLabel), colour: FACE_COLOURS.correct, bold: true }]] },
        { image: square(magnifiedPerturbation(clean, adversarial, row.epsilon), side), captions: [say.perturbation, say.magnified(Math.round(gain * 10) / 10)] },
        { image: square(adversarial, side), verdict: 'wrong', captions: [say.adversarialShort, [{ text: `${nameOf(classNames, example.finalPrediction)} (${n.confidence(example.finalConfidence)})`, colour: FACE_COLOURS.wrong, bold: true }]] },
      ],
    });
  }
  if (rows.length === 0) return undefined;
  return notebookGridPng(rows, {
    title: say.perturbationsTitle(output.results.model),
    subtitle: say.perturbationsSubtitle,
    imageSize: 112,
    cellWidth: 170,
  });
}

export async function showPerturbations(sweep: StudiedSweep, options: { epsilons?: readonly number[] } = {}): Promise<void> {
  const png = await perturbationsPng(sweep, options);
  if (!png) {
    console.log(say.noPerturbations);
    return;
  }
  showPng(png, say.perturbationsAlt(sweep.results.model));
}
