/**
 * The notebook's analysis, written from the numbers just computed (Spanish Markdown), so the
 * prose always matches the results above it, whatever the model, data or epsilons.
 */
import type { EpsilonResult, SweepResults } from '../eval/sweep.js';
import { fixed, num, pct, points } from './format-es.js';

/** A change in accuracy smaller than this is treated as "no change" (one image in ~50). */
const NOTICEABLE = 0.02;

export interface SweepFacts {
  readonly model: string;
  readonly total: number;
  readonly clean: EpsilonResult | undefined;
  readonly cleanAccuracy: number;
  /** Epsilons > 0, ascending. */
  readonly attacked: readonly EpsilonResult[];
  /** Smallest epsilon whose accuracy drops noticeably below the clean one. */
  readonly firstDrop: EpsilonResult | undefined;
  /** Smallest epsilon at which accuracy is at most half the clean accuracy. */
  readonly halved: EpsilonResult | undefined;
  /** Mean accuracy over the attacked epsilons (a summary of the whole curve). */
  readonly meanAttackedAccuracy: number;
  /** Pairs where a larger epsilon gave a noticeably HIGHER accuracy than the one before. */
  readonly reversals: readonly { readonly from: EpsilonResult; readonly to: EpsilonResult }[];
}

export function sweepFacts(results: SweepResults): SweepFacts {
  const clean = results.epsilons.find((r) => r.epsilon === 0);
  const cleanAccuracy = clean?.accuracy ?? results.cleanAccuracy;
  const attacked = results.epsilons.filter((r) => r.epsilon > 0).sort((a, b) => a.epsilon - b.epsilon);
  const reversals = attacked.slice(1).flatMap((to, i) => (to.accuracy > attacked[i]!.accuracy + NOTICEABLE ? [{ from: attacked[i]!, to }] : []));
  return {
    model: results.model,
    total: results.total,
    clean,
    cleanAccuracy,
    attacked,
    firstDrop: attacked.find((r) => cleanAccuracy - r.accuracy >= NOTICEABLE),
    halved: cleanAccuracy > 0 ? attacked.find((r) => r.accuracy <= cleanAccuracy / 2) : undefined,
    meanAttackedAccuracy: attacked.length > 0 ? attacked.reduce((sum, r) => sum + r.accuracy, 0) / attacked.length : cleanAccuracy,
    reversals,
  };
}

/** ε in 8-bit grey levels, the unit a reader can picture: 0.01 -> "2,6 niveles de 255". */
function greyLevels(epsilon: number): string {
  const levels = epsilon * 255;
  return `${levels < 0.1 ? fixed(levels, 3) : fixed(levels, 1)} niveles de 255`;
}

/** How visible a perturbation of this size is, in words (8-bit images change in whole levels). */
function visibility(epsilon: number): string {
  // The model gets float pixels; saved as an 8-bit image, a change under half a level would vanish.
  if (epsilon * 255 < 0.5) return 'menos de medio nivel de gris: invisible, y se perdería al guardar la imagen en 8 bits (el modelo la recibe sin redondear)';
  if (epsilon <= 0.01) return 'invisible a simple vista';
  if (epsilon <= 0.05) return 'apenas perceptible como un grano fino';
  if (epsilon <= 0.15) return 'visible como ruido, aunque la cara se reconoce';
  return 'muy visible: la imagen queda dominada por el ruido';
}

function accuracyAt(r: EpsilonResult): string {
  return `${pct(r.accuracy)} (${r.correct}/${r.total})`;
}

/** Standard error of an accuracy measured on n images, for honest "±" statements. */
function standardError(accuracy: number, n: number): number {
  return n > 0 ? Math.sqrt((accuracy * (1 - accuracy)) / n) : 0;
}

export function sweepAnalysis(results: SweepResults): string {
  const f = sweepFacts(results);
  const lines: string[] = [`### Análisis de \`${f.model}\``, '', `*Texto generado a partir de los resultados calculados arriba (${f.total} imágenes de prueba).*`, ''];
  const initiallyWrong = results.total - results.initiallyCorrect;
  lines.push(
    `- **Sin ataque (ε = 0)** el modelo acierta el **${pct(f.cleanAccuracy)}** de las imágenes (${results.initiallyCorrect}/${results.total}).` +
      (initiallyWrong > 0 ? ` Las ${initiallyWrong} que ya falla cuentan como fallos en todos los ε, como en el cuaderno original: el ataque solo se aplica a las que reconoce.` : ''),
  );
  if (f.attacked.length === 0) {
    lines.push('- No hay ningún ε > 0 en la lista, así que no hay ataque que analizar: añada valores a `epsilons`.');
    return lines.join('\n');
  }
  const smallest = f.attacked[0]!;
  const largest = f.attacked[f.attacked.length - 1]!;
  const smallestDrop = f.cleanAccuracy - smallest.accuracy;
  lines.push(
    `- Con el ε más pequeño, **ε = ${num(smallest.epsilon)}** (${greyLevels(smallest.epsilon)}; ${visibility(smallest.epsilon)}), la exactitud es ${accuracyAt(smallest)}` +
      (smallestDrop >= NOTICEABLE ? `: ya pierde ${points(smallestDrop)}.` : ': prácticamente la misma que sin ataque.'),
  );
  if (f.firstDrop && f.firstDrop !== smallest) {
    lines.push(`- La primera caída apreciable llega con **ε = ${num(f.firstDrop.epsilon)}** (${greyLevels(f.firstDrop.epsilon)}, ${visibility(f.firstDrop.epsilon)}): ${accuracyAt(f.firstDrop)}.`);
  }
  if (f.halved) {
    lines.push(
      `- La exactitud cae a **menos de la mitad** de la inicial con **ε = ${num(f.halved.epsilon)}**: ${accuracyAt(f.halved)}. ` +
        `El ataque engaña al modelo en el ${pct(f.halved.attackSuccessRate)} de las imágenes que reconocía, con una perturbación ${visibility(f.halved.epsilon)}.`,
    );
  } else {
    lines.push(`- En el rango probado la exactitud **no baja a la mitad** de la inicial: el modelo resiste mejor de lo esperado; pruebe ε mayores para encontrar su límite.`);
  }
  lines.push(
    `- Con el ε más grande, **ε = ${num(largest.epsilon)}**, la exactitud es ${accuracyAt(largest)} y el ataque tiene éxito en el ${pct(largest.attackSuccessRate)} de las imágenes atacadas; ` +
      `la confianza media en la persona correcta pasa de ${pct(f.clean?.meanTrueClassConfidence ?? Number.NaN)} sin ataque a ${pct(largest.meanTrueClassConfidence)}.`,
  );
  if (f.reversals.length > 0) {
    const pairs = f.reversals.map((r) => `de ε = ${num(r.from.epsilon)} (${pct(r.from.accuracy)}) a ε = ${num(r.to.epsilon)} (${pct(r.to.accuracy)})`).join('; ');
    lines.push(
      `- La curva **no es monótona**: la exactitud sube ${pairs}. FGSM da un único paso del tamaño ε en la dirección del signo del gradiente, que solo es la dirección de máximo daño para pasos pequeños (aproximación lineal); ` +
        'con ε grandes los píxeles se saturan en 0 o 1 y la imagen se aleja tanto que el resultado deja de empeorar de forma ordenada.',
    );
  }
  const se = standardError(f.cleanAccuracy, f.total);
  lines.push(`- Con ${f.total} imágenes, cada exactitud tiene un error típico de unos ±${points(se)} (binomial): diferencias menores que eso no son significativas.`);
  return lines.join('\n');
}

/** Side-by-side reading of several models' sweeps (same epsilons expected). */
export function comparisonAnalysis(all: readonly SweepResults[]): string {
  if (all.length === 0) return '*No hay resultados que comparar.*';
  const facts = all.map(sweepFacts);
  const lines: string[] = ['### Comparación de modelos', '', `*Generado a partir de los barridos de arriba (${facts.map((f) => `\`${f.model}\``).join(', ')}).*`, ''];
  lines.push('| modelo | exactitud sin ataque | ε que la reduce a la mitad | exactitud media con ataque (ε > 0) |', '|---|---:|---:|---:|');
  for (const f of facts) {
    lines.push(`| \`${f.model}\` | ${pct(f.cleanAccuracy)} | ${f.halved ? num(f.halved.epsilon) : 'no se alcanza'} | ${pct(f.meanAttackedAccuracy)} |`);
  }
  lines.push('');
  if (facts.length === 1) {
    lines.push(`Solo hay un modelo disponible; entrene o añada otros pesos en \`models/\` para compararlos.`);
    return lines.join('\n');
  }
  const byRobustness = [...facts].sort((a, b) => b.meanAttackedAccuracy - a.meanAttackedAccuracy);
  const best = byRobustness[0]!;
  const worst = byRobustness[byRobustness.length - 1]!;
  const bestClean = [...facts].sort((a, b) => b.cleanAccuracy - a.cleanAccuracy)[0]!;
  const gap = best.meanAttackedAccuracy - worst.meanAttackedAccuracy;
  const n = Math.min(...facts.map((f) => f.total));
  const noise = 2 * standardError(0.5, n);
  if (gap < noise) {
    lines.push(
      `- Las curvas están muy juntas: la diferencia de exactitud media bajo ataque (${points(gap)}) es menor que el margen de error con ${n} imágenes (~${points(noise)}). ` +
        'Con estos datos ningún modelo es claramente más robusto que otro.',
    );
  } else {
    lines.push(`- El más **robusto** en este rango de ε es \`${best.model}\` (exactitud media con ataque ${pct(best.meanAttackedAccuracy)}); el más frágil, \`${worst.model}\` (${pct(worst.meanAttackedAccuracy)}).`);
  }
  lines.push(
    bestClean === best
      ? `- \`${best.model}\` es también el que más acierta sin ataque (${pct(best.cleanAccuracy)}).`
      : `- Sin ataque el que más acierta es \`${bestClean.model}\` (${pct(bestClean.cleanAccuracy)}): **acertar más sin ataque no implica resistir mejor el ataque**.`,
  );
  const halvedAll = facts.every((f) => f.halved);
  if (halvedAll) {
    const eps = facts.map((f) => f.halved!.epsilon);
    lines.push(
      Math.min(...eps) === Math.max(...eps)
        ? `- Todos caen a menos de la mitad con el mismo ε = ${num(eps[0]!)}: ninguna arquitectura está protegida frente a FGSM sin entrenamiento adversario.`
        : `- Todos acaban por debajo de la mitad de su exactitud inicial (entre ε = ${num(Math.min(...eps))} y ε = ${num(Math.max(...eps))}): ninguna arquitectura está protegida frente a FGSM sin entrenamiento adversario.`,
    );
  }
  return lines.join('\n');
}
