/**
 * The notebook's own words in Spanish (its language): chart titles, table headers, face-grid
 * captions and the analyses written from the numbers. Typed by the English ones, key for key.
 */
import type { CountedRate, notebookEn } from './notebook-en.js';
import { numberFormat } from './numbers.js';

const n = numberFormat('es');

/** "45,7 % (18/40; IC 95 %: 31,3–60,8 %)". */
const detail = (a: CountedRate) => `(${a.correct}/${a.total}; IC 95 %: ${n.percent(a.lower).replace(' %', '')}–${n.percent(a.upper)})`;
const counted = (a: CountedRate) => `${n.percent(a.rate)} ${detail(a)}`;

export const notebookEs: typeof notebookEn = {
  charts: {
    logButton: 'ε logarítmico',
    linearButton: 'ε lineal',
    dodgingTitle: (model, attacks, baseline) =>
      `Evasión: ${attacks.length > 1 ? `${attacks.slice(0, -1).join(', ')} y ${attacks[attacks.length - 1]}` : attacks.join('')}${baseline ? ' frente a ruido aleatorio' : ''} · ${model}`,
    confusionTitle: (attack, epsilon) => `¿Quién se convierte en quién? ${attack} con ε = ${epsilon}`,
    sliderTitle: (target, attack) => `Suplantación de ${target} (${attack}): mueva el deslizador de ε`,
    dodgingSliderTitle: (attack) => `Evasión con ${attack}: mueva el deslizador de ε`,
  },
  tables: {
    sweep: {
      caption: (model, images) => `FGSM sobre ${model}: ${images} imágenes de prueba`,
      epsilon: 'ε',
      correct: 'aciertos',
      total: 'imágenes',
      accuracy: 'exactitud',
      attackSuccessRate: 'éxito del ataque',
      meanLinf: 'L∞ medio',
      meanL2: 'L2 medio',
      meanTrueClassConfidence: 'confianza en la clase real',
    },
    beyond: {
      attack: 'ataque',
      epsilon: 'ε',
      role: 'tipo',
      robustAccuracy: 'exactitud robusta [IC 95 %]',
      saved8Bit: 'guardada en 8 bits',
      success: 'éxito (objetivo alcanzado) [IC 95 %]',
      interval: (rate, lower, upper) => `${n.percent(rate)} [${n.percent(lower)}; ${n.percent(upper)}]`,
    },
    predictions: {
      person: 'persona',
      before: 'predicción sin ataque',
      after: 'predicción con ataque',
      outcome: 'resultado',
      alreadyWrong: 'ya fallaba',
      resists: 'resiste',
      fooled: 'engañado',
    },
    split: {
      person: 'persona',
      train: 'entrenamiento',
      test: 'prueba',
      total: 'total',
      caption: (file, seed, testPercent) => `Partición ${file} (semilla ${seed}, ${testPercent} % de prueba por persona)`,
    },
  },
  faces: {
    samplesTitle: (people, of) => `Muestras del conjunto de datos (${people} de ${of} personas)`,
    samplesSubtitle: (images, folder) => `${images} imágenes en ${folder}`,
    samplesAlt: 'Muestras del conjunto de datos con sus nombres',
    original: 'imagen original x',
    sign: 'signo(∇ₓ J(θ, x, y))',
    addedTimes: (epsilon) => `se suma × ε = ${n.number(epsilon)}`,
    signColours: 'blanco +1 · negro −1',
    adversarial: 'imagen adversaria',
    confidence: (probability) => `confianza ${n.confidence(probability)}`,
    workedTitle: (epsilon) => `x_adv = x + ε · signo(∇ₓ J(θ, x, y)),  ε = ${n.number(epsilon)}`,
    workedSubtitle: (model, truth, predicted) => `${model}: la cara de ${truth} pasa a reconocerse como ${predicted}`,
    workedAlt: (truth, predicted, epsilon) => `Ejemplo de FGSM: ${truth} → ${predicted} con ε = ${n.number(epsilon)}`,
    noWorkedExample: (model) => `Ninguna de las primeras imágenes de prueba que ${model} reconoce cae con los ε probados.`,
    epsilonRow: (epsilon) => `ε = ${n.number(epsilon)}`,
    accuracyRow: (accuracy) => `exactitud ${n.percent(accuracy)}`,
    noneRecognised: 'ninguna cara bien reconocida',
    noneFooled: 'ninguna cara engañada con este ε',
    truth: (person) => `real: ${person}`,
    examplesTitle: (model) => `Ejemplos adversarios de ${model} por ε`,
    examplesSubtitle: 'verde: sigue acertando · rojo: el ataque lo engaña (predicción y su confianza)',
    examplesAlt: (model) => `Ejemplos adversarios de ${model}`,
    levelsRow: (levels) => `${n.fixed(levels, levels < 1 ? 2 : 1)} niveles`,
    originalShort: 'original',
    perturbation: 'perturbación',
    magnified: (gain) => `ampliada × ${n.number(gain)}`,
    adversarialShort: 'adversaria',
    perturbationsTitle: (model) => `La perturbación, ampliada para que se vea (${model})`,
    perturbationsSubtitle: 'gris = sin cambio; cada píxel se mueve ±ε en la dirección del signo del gradiente',
    perturbationsAlt: (model) => `Perturbaciones de ${model}, ampliadas`,
    noPerturbations: 'Ningún ε > 0 tiene ejemplos engañados que mostrar.',
    dodgingAlt: 'Las mismas caras atacadas para escapar de su propia identidad',
    impersonationAlt: (target) => `Las mismas caras atacadas para parecer ${target}`,
  },
  environment: {
    caption: 'Entorno de ejecución',
    notInstalled: 'no instalado',
    cellTypeScript: 'tslab / TypeScript de las celdas',
    backend: 'backend de cálculo',
    backendHint: (detail) => `${detail}  (FGSM_BACKEND=tensorflow|wasm|cpu lo fuerza)`,
    chromium: 'Chromium (PNG de los gráficos)',
    chromiumMissing: 'no encontrado: los gráficos no llevarán PNG de respaldo',
    workingDirectory: 'directorio de trabajo',
    repositoryRoot: (folder) => `raíz del repositorio (${folder}/)`,
    data: 'datos',
    syntheticSample: '  (muestra sintética; ver «Datos reales» al final)',
    bundledModels: 'modelos incluidos',
    noModels: (folder) => `ninguno en ${folder}/`,
    results: 'resultados',
  },
  modelSummary: {
    caption: (model) => `Modelo cargado: ${model}`,
    model: 'modelo',
    weights: 'pesos',
    pthFormat: 'state_dict de PyTorch',
    ownFormat: 'formato fgsm-faces',
    parameters: 'parámetros entrenables',
    inputLabel: 'entrada',
    input: (side, mean) => `${side}×${side} px RGB, normalizada con media [${mean.map(n.number).join('; ')}]`,
    classes: 'clases (personas)',
    training: 'entrenamiento',
    notRecorded: 'no registrado (pesos sin metadatos, p. ej. un .pth)',
    recordedWithoutDetail: 'registrado sin detalles',
    bestEpoch: (epoch) => `mejor época ${epoch}`,
    validationAccuracy: (accuracy) => `exactitud de validación ${n.percent(accuracy)}`,
    splitFile: (file) => `partición ${file}`,
    attacked: 'imágenes que se atacan',
    engine: 'motor',
    note: 'nota',
  },
  progress: {
    images: 'imágenes',
    attacksLabel: (model) => `Ataques · ${model}`,
    attacksNote: (attacks, epsilons) => `${attacks} ataques × ${epsilons} valores de ε`,
    epsilonsNote: (epsilons) => `${epsilons} valores de ε`,
    running: (done, total, unit, percent, elapsed) => `${done}/${total} ${unit} (${percent} %), ${elapsed}`,
    remaining: (time) => `, quedan ~${time}`,
    finished: (done, total, unit, elapsed) => `✓ ${done}/${total} ${unit} en ${elapsed}`,
    reused: (model) => `✓ ${model}: resultados ya calculados arriba (mismos pesos, imágenes y ε)`,
  },
  sweepAnalysis: {
    heading: (model) => `### Análisis de \`${model}\``,
    generated: (images) => `*Texto generado a partir de los resultados calculados arriba (${images} imágenes de prueba).*`,
    clean: (accuracy) => `- **Sin ataque (ε = 0)** el modelo acierta el **${n.percent(accuracy.rate)}** de las imágenes ${detail(accuracy)}.`,
    initiallyWrong: (wrong) =>
      `${wrong === 1 ? ' La imagen que ya falla cuenta como fallo' : ` Las ${wrong} que ya falla cuentan como fallos`} en todos los ε, como en el cuaderno original: el ataque solo se aplica a las que reconoce.`,
    noAttack: '- No hay ningún ε > 0 en la lista, así que no hay ataque que analizar: añada valores a `epsilons`.',
    smallest: (epsilon, levels, visibility, accuracy) =>
      `- Con el ε más pequeño, **ε = ${n.number(epsilon)}**, es decir ${levels}, ${visibility}. La exactitud es ${counted(accuracy)}`,
    alreadyDrops: (drop) => `: ya pierde ${n.points(drop)}.`,
    barelyChanges: ': prácticamente la misma que sin ataque.',
    firstDrop: (epsilon, levels, visibility, accuracy) =>
      `- La primera caída apreciable llega con **ε = ${n.number(epsilon)}**, ${levels}${visibility ? `, ${visibility}` : ''}: ${counted(accuracy)}.`,
    halved: (epsilon, accuracy, success, visibility) =>
      `- La exactitud cae a **menos de la mitad** de la inicial con **ε = ${n.number(epsilon)}**: ${counted(accuracy)}. ` +
      `El ataque engaña al modelo en el ${n.percent(success)} de las imágenes que reconocía, con una perturbación ${visibility}.`,
    notHalved: '- En el rango probado la exactitud **no baja a la mitad** de la inicial: el modelo resiste mejor de lo esperado; pruebe ε mayores para encontrar su límite.',
    largest: (epsilon, accuracy, success, cleanConfidence, confidence) =>
      `- Con el ε más grande, **ε = ${n.number(epsilon)}**, la exactitud es ${counted(accuracy)} y el ataque tiene éxito en el ${n.percent(success)} de las imágenes atacadas; ` +
      `la confianza media en la persona correcta pasa de ${n.percent(cleanConfidence)} sin ataque a ${n.percent(confidence)}.`,
    reversal: (from, fromAccuracy, to, toAccuracy) => `de ε = ${n.number(from)} (${n.percent(fromAccuracy)}) a ε = ${n.number(to)} (${n.percent(toAccuracy)})`,
    reversals: (pairs) =>
      `- La curva **no es monótona**: la exactitud sube ${pairs.join('; ')}. FGSM da un único paso del tamaño ε en la dirección del signo del gradiente, que solo es la dirección de máximo daño para pasos pequeños (aproximación lineal); ` +
      'con ε grandes los píxeles se saturan en 0 o 1 y la imagen se aleja tanto que el resultado deja de empeorar de forma ordenada.',
    intervals: (images) => `- Cada exactitud va con su intervalo de confianza del 95 % (Wilson) para ${images} imágenes: es más ancho cerca del 50 % que cerca del 0 % o del 100 %, y dos exactitudes cuyos intervalos se solapan no se pueden distinguir con seguridad.`,
    greyLevels: (levels) => `${n.fixed(levels, levels < 0.1 ? 3 : 1)} niveles de 255`,
    visibility: {
      belowHalfLevel: 'menos de medio nivel de gris: invisible, y se perdería al guardar la imagen en 8 bits (el modelo la recibe sin redondear)',
      invisible: 'invisible a simple vista',
      fineGrain: 'apenas perceptible como un grano fino',
      noise: 'visible como ruido, aunque la cara se reconoce',
      dominant: 'muy visible: la imagen queda dominada por el ruido',
    },
  },
  comparison: {
    none: '*No hay resultados que comparar.*',
    heading: '### Comparación de modelos',
    generated: (models, totals) =>
      `*Generado a partir de los barridos de arriba (${models.map((m) => `\`${m}\``).join(', ')}), con ${totals.length === 1 ? `las mismas ${totals[0]} imágenes de prueba` : `${totals.join(', ')} imágenes de prueba`}.*`,
    differentEpsilons: 'Los modelos se atacaron con listas de ε distintas: ejecútelos con los mismos `epsilons` para compararlos.',
    modelColumn: (model, parameters) => (parameters === undefined ? `\`${model}\`` : `\`${model}\` (${n.fixed(parameters / 1e6, 1)} M parámetros)`),
    cleanRow: '0 (sin ataque)',
    cell: (rate) => (rate === undefined ? '–' : `${n.percent(rate.rate)} (${n.percent(rate.lower).replace(' %', '')}–${n.percent(rate.upper)})`),
    accuracyTable: '**Exactitud**: caras que siguen bien reconocidas, sobre todas las de prueba, contadas como en el original (entre paréntesis, el intervalo de confianza del 95 % de Wilson).',
    successTable: '**Éxito del ataque**: de las caras que el modelo reconoce sin ataque, la fracción que el ataque engaña (intervalo del 95 %).',
    minimalTable:
      '**ε mínimo por cara**: el menor ε de la lista que la engaña (número de caras). FGSM no es monótono: una cara engañada con un ε puede volver a reconocerse con otro mayor; cuenta en el primero.',
    minimalColumn: 'ε mínimo',
    median: 'cara mediana',
    onlyOne: 'Solo hay un modelo disponible; entrene o añada otros pesos en `models/` para compararlos.',
    differentFaces: '- Los modelos no se atacaron sobre las mismas caras, así que no se pueden comparar cara a cara: solo donde sus intervalos no se solapan difieren con seguridad.',
    verdictHeading: '**¿Compraron robustez la profundidad o la anchura?**',
    pair: (a, b, test, significant) => {
      const p = test.pValue < 0.001 ? '< 0,001' : n.fixed(test.pValue, 3);
      const winner = test.wins > test.losses ? a : b;
      return (
        `- \`${a}\` frente a \`${b}\`: sobre las mismas caras, \`${a}\` aguanta hasta un ε mayor en ${test.wins} y \`${b}\` en ${test.losses} (en el resto empatan). ` +
        (significant
          ? `Un reparto tan desigual saldría por azar con probabilidad ${p} (prueba exacta de los signos): **\`${winner}\` es más robusto** con estas caras.`
          : `Un reparto así sale por azar con probabilidad ${p} (prueba exacta de los signos): **no se aprecia diferencia**.`)
      );
    },
    sizeBought: (model) => `- Así que sí: el modelo más grande, \`${model}\`, resiste FGSM mejor que cada uno de los demás.`,
    sizeHurt: (model) => `- El modelo más grande, \`${model}\`, es incluso el más frágil en alguna pareja: tener más parámetros no compró robustez aquí.`,
    sizeBoughtNothing: (model) =>
      `- No se ve que el modelo más grande, \`${model}\`, resista mejor que cada uno de los pequeños: más parámetros no compraron una robustez que estas caras puedan detectar, como observó el original con su ResNet-101.`,
    noneBetter: '- Ninguna pareja difiere más de lo que daría el azar. Eso no demuestra que los modelos sean igual de robustos: dice que las diferencias, si las hay, son demasiado pequeñas para este número de caras.',
    allHalvedSame: (epsilon) => `- Todos caen a menos de la mitad con el mismo ε = ${n.number(epsilon)}: ninguna arquitectura está protegida frente a FGSM sin entrenamiento adversario.`,
    allHalvedBetween: (from, to) =>
      `- Todos acaban por debajo de la mitad de su exactitud inicial (entre ε = ${n.number(from)} y ε = ${n.number(to)}): ninguna arquitectura está protegida frente a FGSM sin entrenamiento adversario.`,
    whatIntervalsCover: (images, halfway) =>
      `- **Qué cubren los intervalos y qué no.** Intervalos y pruebas solo tienen en cuenta el azar de qué ${images} caras de prueba tocaron: con una exactitud cercana al 50 % el intervalo va del ${n.percent(halfway.lower)} al ${n.percent(halfway.upper)}, así que diferencias de pocos puntos entre curvas pasan desapercibidas. ` +
      'No dicen nada del azar del entrenamiento: cada modelo se entrenó una sola vez, con una semilla y con caras sintéticas; otra semilla o fotos reales podrían mover una curva tanto como un cambio de arquitectura. Para afirmar que una arquitectura es más robusta habría que entrenar varias semillas de cada una y atacar caras reales.',
  },
  beyondAnalysis: {
    intro: (epsilon, levels, faces) => `Con ε = ${epsilon} (unos ${levels} niveles de gris de 255) y ${faces} caras de prueba:`,
    noise: (noise, clean, fgsm) =>
      `- **¿Gradiente o simple ruido?** Un ruido de signo aleatorio del mismo tamaño deja la exactitud en ${noise} (sin ataque: ${clean}); FGSM, con la misma perturbación pero en la dirección del gradiente, la baja a ${fgsm}. Lo que engaña al modelo es la dirección, no la cantidad de ruido.`,
    steps: (attack, steps, robust, comparison) => `- **Un paso frente a varios.** ${attack} (${steps} pasos) deja ${robust}: ${comparison}.`,
    pgdStronger: (gap) => `${n.points(gap)} menos que FGSM, que por tanto subestima la amenaza`,
    pgdSame: 'lo mismo que FGSM en esta ejecución',
    impersonation: (target, attack, rate, fgsm) =>
      `- **Suplantación.** Con ${attack} dirigido hacia ${target}, el ${n.percent(rate)} de las caras de otras personas pasa a reconocerse como ${target}${fgsm === undefined ? '' : ` (FGSM dirigido: ${n.percent(fgsm)})`}. Evadir la propia identidad es más fácil que hacerse pasar por otra persona concreta.`,
    tinyEpsilon: (epsilon, floating, saved) =>
      `- **Guardar la imagen borra los ε diminutos.** Con ε = ${n.number(epsilon)} (menos de un nivel de gris) FGSM deja ${n.percent(floating)} en coma flotante, pero ${n.percent(saved)} tras redondear a 8 bits como al guardar un PNG o JPEG: la perturbación desaparece. Los ε = 0,0001 y 0,001 del estudio original no sobreviven a guardar la imagen.`,
    noiseName: 'ruido aleatorio',
    nonMonotone: (attacks) =>
      `- **${attacks.length === 1 ? `La curva de ${attacks[0]} no es monótona` : `Las curvas de ${attacks.slice(0, -1).join(', ')} y ${attacks[attacks.length - 1]} no son monótonas`}**: alguna cara engañada con un ε menor vuelve a acertarse con uno mayor; la curva de peor caso (discontinua) cuenta esas caras como rotas, como haría un atacante que prueba varios ε.`,
    noDodging: 'La lista de ataques no tiene ninguno sin objetivo (FGSM, BIM o PGD sin target): añada uno, p. ej. pgdAttack({ steps: 5 }).',
    sanityPassed: 'Todas las comprobaciones de cordura pasaron (ε = 0 reproduce la exactitud limpia, las salidas son logits, las entradas están en [0, 1] y PGD es al menos tan fuerte como FGSM).',
    sanityFailed: (checks) => `Comprobaciones de cordura que fallaron: ${checks.join(', ')}: revise los números antes de fiarse de ellos.`,
  },
};
