/**
 * The Spanish catalogue, for the notebook. Typed as Catalogue, so a key missing here or one the
 * English catalogue does not have is a compile error. Numbers use the Spanish formats (decimal
 * comma, "45,7 %"), and lists of such numbers are separated by "; " so the commas stay readable.
 */
import type { Catalogue } from './en.js';
import { notebookEs } from './notebook-es.js';
import { verificationEs } from './verification-es.js';
import { numberFormat } from './numbers.js';

const n = numberFormat('es');

type CountedRate = Parameters<Catalogue['robustness']['rate']>[0];

const rate = (r: CountedRate) => n.percent(r.rate ?? Number.NaN);
const interval = (r: CountedRate) => `IC 95 % de Wilson [${n.percent(r.lower)}; ${n.percent(r.upper)}]`;
/** The shorter of "0,2" and "51/255": a list reads as the user most likely wrote it. */
const shortestEpsilon = (value: number) => [n.number(value), n.epsilonLabel(value)].reduce((a, b) => (b.length < a.length ? b : a));
const epsilons = (values: readonly number[]) => values.map(shortestEpsilon).join('; ');

export const es: Catalogue = {
  unknownClass: (label) => `clase ${label}`,
  epsilonAxis: {
    title: 'Épsilon (ε)',
    logScale: 'escala logarítmica',
    logNeedsPositive: 'la escala logarítmica necesita ε > 0; se muestra lineal',
    cleanLeftOfBreak: 'ε = 0 (sin ataque): a la izquierda de la línea discontinua',
    cleanTick: '0 (sin ataque)',
  },
  accuracy: {
    title: (model, images) => `FGSM: exactitud frente a ε (${model}, ${images} imágenes de prueba)`,
    comparisonTitle: (models) => `FGSM: exactitud frente a ε, ${models === 1 ? 'un modelo' : `${models} modelos`}`,
    axis: 'Exactitud',
    attackedTrace: (model) => `${model} (FGSM)`,
    cleanTrace: (model) => `${model} (ε = 0, sin ataque)`,
    hoverEpsilon: (model, epsilon) => `<b>${model}</b> · ε = ${n.number(epsilon)}${epsilon === 0 ? ' (sin ataque)' : ''}`,
    hoverAccuracy: (accuracy, correct, total) => `exactitud ${n.percent(accuracy)} (${correct}/${total} aciertos)`,
    hoverSuccess: (success, flipped, attacked) => `éxito del ataque ${n.percent(success)} (engaña al modelo en ${flipped} de ${attacked} imágenes atacadas)`,
  },
  classDistribution: {
    title: (people, images) => `Imágenes por persona (${people} personas, ${images} imágenes)`,
    trace: 'imágenes',
    hover: (name, images) => `${name}: ${images} ${images === 1 ? 'imagen' : 'imágenes'}`,
    personAxis: 'Persona',
    imagesAxis: 'Imágenes',
  },
  training: {
    title: (epochs) => `Entrenamiento: pérdida y exactitud por época (${epochs} ${epochs === 1 ? 'época' : 'épocas'})`,
    modelTitle: (model, epochs) => `Entrenamiento de ${model}: pérdida y exactitud por época (${epochs} ${epochs === 1 ? 'época' : 'épocas'})`,
    split: { train: 'entrenamiento', validation: 'validación' },
    hover: (epoch, split, value) => `época ${epoch} · ${split}: ${value}`,
    loss: (value) => n.fixed(value, 4),
    best: (epoch) => `mejor validación (época ${epoch})`,
    bestHover: (accuracy, epoch) => `mejor exactitud de validación, ${n.percent(accuracy)}, en la época ${epoch}: son los pesos que se guardan`,
    epochAxis: 'Época',
    lossAxis: 'Pérdida (entropía cruzada)',
    accuracyAxis: 'Exactitud',
    lossPanel: '<b>Pérdida</b>',
    accuracyPanel: '<b>Exactitud</b>',
  },
  role: { dodging: 'evasión', impersonation: 'suplantación', baseline: 'referencia' },
  roleMeaning: {
    dodging: 'evasión (no dirigido: escapar de la propia identidad)',
    impersonation: 'suplantación (dirigido: ser reconocido como el objetivo)',
    baseline: 'referencia (ruido de signo aleatorio, mismo tamaño L∞, sin gradiente)',
  },
  robustness: {
    rate: (r) => `${rate(r)} (${r.count}/${r.total}), ${interval(r)}`,
    band: (attack) => `${attack}: IC 95 %`,
    line: (attack, role) => `${attack} (${role})`,
    robustAccuracy: 'Exactitud robusta',
    originalRuleAccuracy: 'Exactitud (regla del original)',
    hoverRobust: 'exactitud robusta',
    hoverOriginalRule: 'exactitud (regla del original)',
    hover: (attack, role, epsilon) => `<b>${attack}</b> (${role}) · ε = ${epsilon}`,
    targetReached: 'objetivo alcanzado',
    attackSuccess: 'éxito del ataque',
    monotone: (attack) => `${attack}: peor caso monótono`,
    monotoneHover: (attack, epsilon) => `<b>${attack}</b>: peor caso monótono · ε ≤ ${epsilon}`,
    clean: 'sin ataque (ε = 0)',
    cleanHover: '<b>sin ataque</b>: exactitud',
    title: (what, model, images) => `${what} frente a ε: ataques y ruido aleatorio de referencia (${model}, ${images} imágenes de prueba; bandas = IC 95 % de Wilson)`,
  },
  perIdentity: {
    title: (attack, role) => `Exactitud robusta por persona: ${attack} (${role})`,
    hover: (person, epsilon, r) => `<b>${person}</b> · ε = ${epsilon}<br>exactitud robusta ${rate(r)} (${r.count}/${r.total})<br>${interval(r)}`,
    colourBar: 'exactitud robusta',
    personAxis: 'Persona verdadera',
  },
  confusion: {
    title: (attack, epsilon, robustAccuracy) => `¿Quién se convierte en quién? ${attack} con ε = ${epsilon} (exactitud robusta ${n.percent(robustAccuracy)})`,
    hover: (truth, predicted, count, total) => `<b>${truth}</b> → <b>${predicted}</b><br>${count} de ${total} caras (${n.percent(total ? count / total : Number.NaN)})`,
    colourBar: 'caras',
    predictedAxis: 'Persona predicha tras el ataque',
    trueAxis: 'Persona verdadera',
  },
  minimalEpsilon: {
    title: (images) => `ε mínimo por cara: el menor ε del barrido que la engaña (${images} imágenes de prueba)`,
    cleanWrong: 'ya fallaba sin ataque',
    neverBroken: 'nunca engañada',
    hover: (attack, faces, total) => `<b>${attack}</b>: ${faces} de ${total} caras (${n.percent(faces / total)})`,
    robustEverywhere: 'resiste todos los ε de la lista',
    alreadyWrong: 'ya mal reconocida sin ataque',
    firstBroken: (epsilon) => `engañada por primera vez con ε = ${epsilon}`,
    axis: 'ε mínimo',
    facesAxis: 'Caras',
  },
  slider: {
    trace: (epsilon, face) => `ε ${epsilon} · cara ${face}`,
    target: (person) => ` → objetivo: ${person}`,
    robustAccuracy: (faces, accuracy) => ` · exactitud robusta en las ${faces} caras de prueba: ${n.percent(accuracy)}`,
  },
  sameFaces: {
    title: (attack, faces) => `${attack}: las mismas ${faces} caras con cada ε`,
    cellNote: 'cada celda: a la izquierda, la imagen que ve el modelo; a la derecha, la perturbación ampliada (−ε negro … +ε blanco, gris = sin cambio)',
    answersNote: 'debajo, sus 3 respuestas más probables: ',
    truePerson: 'la persona verdadera',
    target: 'el objetivo de la suplantación',
    wrongAnswer: 'una primera respuesta equivocada',
    // "ε = 0 (sin ataque)" does not fit the label column: two lines.
    epsilonRow: (epsilon) => (epsilon === undefined ? ['ε = 0', 'sin ataque'] : [`ε = ${epsilon}`]),
    robustAccuracy: (accuracy) => `exact. robusta ${n.percent(accuracy)}`,
    // Short: it sits in the place of a face-sized image.
    cleanImage: 'sin ataque',
  },
  examplesGrid: {
    title: (model) => `Ejemplos adversarios de FGSM · ${model}`,
    captionNote: 'pie: persona verdadera → predicción (su confianza)',
    cleanRowNote: 'fila ε = 0: imágenes sin ataque, todavía bien reconocidas ✓',
    accuracy: (accuracy) => `exactitud ${n.percent(accuracy)}`,
    noCorrect: 'ninguna imagen bien reconocida',
    noMisclassified: 'ningún ejemplo engañado',
  },
  warning: {
    repeatedEpsilons: (repeated) =>
      repeated.length > 1 ? `ε repetidos en la lista (${epsilons(repeated)}): cada uno se ataca una sola vez.` : `ε repetido en la lista (${epsilons(repeated)}): se ataca una sola vez.`,
    sortedEpsilons: (sorted, given) => `Lista de ε ordenada de menor a mayor: ${epsilons(sorted)} (se dio como ${epsilons(given)}).`,
    belowEightBit: (epsilon, step) =>
      `ε = ${n.number(epsilon)} es menor que un nivel de gris de 8 bits (1/255 ≈ ${n.number(Number(step.toPrecision(4)))}): la perturbación casi desaparece al guardar la imagen adversaria con 8 bits por canal; compárelo con los resultados tras guardar en 8 bits.`,
    sanityFailed: (check, detail) => `falló la comprobación de cordura ${check}: ${detail}`,
  },
  notebook: notebookEs,
  /** The face verification study's figures. */
  verification: verificationEs,
};
