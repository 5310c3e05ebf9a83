/** Words of the face verification figures and the notebook's verification section (Spanish). */
import type { verificationEn } from './verification-en.js';
import { numberFormat } from './numbers.js';

const n = numberFormat('es');
const distance = (value: number) => n.number(Number(value.toFixed(3)));

export const verificationEs: typeof verificationEn = {
  /** The random-noise baseline's name in legends and texts. */
  noise: 'ruido',
  thresholdLabel: { far: 'umbral de FAR, elegido en pares reservados', eer: 'umbral de EER, elegido en pares reservados', faceapi: 'umbral 0,6 de face-api' },
  roc: {
    title: (genuine, impostor, auc, eer) => `Verificación sin ataque: ${genuine} pares genuinos y ${impostor} impostores de prueba (AUC ${distance(auc)}, EER ${n.percent(eer)})`,
    curve: 'ROC (pares de prueba)',
    xAxis: 'tasa de falsa aceptación (escala logarítmica; el 0 se dibuja en el borde)',
    yAxis: 'tasa de aceptación verdadera',
    point: (threshold, tar, far) => `umbral ${distance(threshold)}: TAR ${n.percent(tar)}, FAR ${n.percent(far)}`,
  },
  success: {
    dodging: 'pares genuinos rechazados (evasión: dejar de ser uno mismo)',
    impersonation: 'pares impostores aceptados (suplantación: pasar por otra persona)',
    title: (l2, what, threshold, label) => `${l2 ? 'L2: ' : ''}${what}; ${label}: d < ${distance(threshold)}`,
    xAxis: (l2) => (l2 ? 'épsilon (L2: longitud euclídea de la perturbación)' : 'épsilon (L-inf)'),
    yAxis: 'éxito del ataque (banda de Wilson al 95 %)',
    hover: (attack, epsilon, count, total, rate, lower, upper, eightBit) =>
      `${attack} con ${epsilon}: ${count}/${total} (${n.percent(rate)}; IC 95 % ${n.percent(lower)}-${n.percent(upper)}); al guardarla con 256 niveles por canal, ${eightBit}`,
  },
  matrix: {
    title: (attack, epsilon) => `Quién puede suplantar a quién: ${attack} con épsilon ${epsilon} (rojo = aceptado como esa persona)`,
    xAxis: 'identidad reclamada (objetivo)',
    yAxis: 'foto del atacante',
    same: 'la misma persona',
    alreadyAccepted: 'ya aceptado antes del ataque',
    cell: (source, target, accepted, d) => `${source} como ${target}: ${accepted ? 'aceptado' : 'rechazado'}, distancia ${distance(d)}`,
  },
  summary: {
    caption: 'Verificación facial: datos, protocolo y resultados sin ataque',
    photos: 'fotos',
    faces: (chips, skipped, cached) => `${chips} rostros (${skipped} fotos descartadas${cached ? `, ${cached} desde la caché` : ''})`,
    people: 'personas',
    protocol: 'fotos por persona',
    protocolValue: (gallery, calibration, test) => `${gallery} registradas, ${calibration} reservadas para el umbral, ${test} de prueba`,
    pairs: 'pares de prueba',
    pairsValue: (genuine, impostor) => `${genuine} genuinos, ${impostor} impostores`,
    at: (label, threshold) => `${label}: d < ${distance(threshold)}`,
    tarFar: (tar, far) => `TAR ${n.percent(tar)}, FAR ${n.percent(far)}`,
    aucEer: 'AUC, EER',
    aucEerValue: (auc, eer) => `${distance(auc)}; ${n.percent(eer)}`,
    engine: 'motor',
  },
  analysis: {
    clean: (threshold, tar, far, faceapiFar) =>
      `Sin ataque, con el umbral elegido en pares reservados (distancia menor que ${distance(threshold)}), el sistema acepta el ${n.percent(tar)} de los pares genuinos y el ${n.percent(far)} de los impostores. Con el 0,6 de face-api dejaría pasar al ${n.percent(faceapiFar)} de los impostores: el umbral hay que calibrarlo con datos parecidos a los que verá el sistema.`,
    dodging: (attack, epsilon, rate, noise) =>
      `Evasión: con ε = ${epsilon}, ${attack} ya consigue que se rechace el ${n.percent(rate)} de los pares genuinos, mientras que un ruido aleatorio del mismo tamaño rechaza el ${n.percent(noise)}. El cambio no se ve; lo que cuenta es su dirección.`,
    impersonation: (epsilon, fgsm, best, bestRate) =>
      `La suplantación es más difícil: con ε = ${epsilon}${fgsm === null ? '' : `, un solo paso de FGSM pasa por el objetivo en el ${n.percent(fgsm)} de los pares, mientras que`} ${best} lo logra en el ${n.percent(bestRate)}. Acercarse a una cara concreta requiere varios pasos pequeños.`,
    regions: (region, coverage, dodging, dodgingRandom, impersonation, impersonationRandom) =>
      `La región «${region}» cubre el ${n.percent(coverage)} de la imagen del rostro. Optimizada, hace que el sistema rechace el ${n.percent(dodging)} de los pares genuinos (con un color aleatorio de la misma forma, el ${n.percent(dodgingRandom)}) y acepte el ${n.percent(impersonation)} de los impostores (con color aleatorio, el ${n.percent(impersonationRandom)}). Fuera de la región no cambió ni un píxel: al atacante no le hace falta acceder a la cámara, solo llevar algo puesto.`,
    transfer: (threat, attack, source, target, rate, whiteBox, randomFrames) =>
      `Transferencia, ${threat}: el mejor ataque creado con un modelo y mostrado a otro es ${attack}, de ${source} a ${target}, con un ${n.percent(rate)} de éxito, frente al ${n.percent(whiteBox)} cuando se crea con el propio ${target}${randomFrames === null ? '' : ` (unas monturas de color aleatorio, sin ningún modelo, logran el ${n.percent(randomFrames)})`}. Un atacante sin los pesos del modelo desplegado consigue mucho menos de lo que sugieren las cifras de caja blanca.`,
    transferNone: (threat) => `Transferencia, ${threat}: ningún ataque creado con un modelo funcionó en otro; aquí solo tiene éxito el atacante de caja blanca.`,
    matrix: (accepted, cells, people) => `En la matriz de ${people} personas, ${accepted} de los ${cells} intentos fueron aceptados como la persona reclamada.`,
  },
  faces: {
    title: (attack, epsilon) => `Suplantación con ${attack} y épsilon ${epsilon}`,
    note: (threshold) => `se acepta como el objetivo si la distancia es menor que ${distance(threshold)}`,
    heads: ['sonda (limpia)', 'sonda adversaria', 'foto registrada del objetivo'],
    as: (target) => `como ${target}`,
    before: (d) => `distancia al objetivo ${distance(d)}`,
    after: (d, accepted) => `distancia ${distance(d)}: ${accepted ? 'aceptado' : 'rechazado'}`,
  },
  regions: {
    names: { glasses: 'montura de gafas', forehead: 'pegatina en la frente', cheek: 'pegatina en la mejilla' },
    title: (region, threat) => `${region}: ${threat}`,
    threats: { dodging: 'evasión (rechazado como sí mismo)', impersonation: 'suplantación (aceptado como el objetivo)' },
    notes: (threshold, coverage) => [`se acepta si la distancia es menor que ${distance(threshold)}; la región cubre el ${n.percent(coverage)} de la imagen del rostro`, 'el color aleatorio rellena la misma forma; distancias tras guardar con 256 niveles por canal'],
    heads: ['original', 'optimizada', 'color aleatorio'],
    as: (claimed) => `como ${claimed}`,
    distance: (d, accepted) => `distancia ${distance(d)}: ${accepted ? 'aceptado' : 'rechazado'}`,
    threatShort: { dodging: 'evasión', impersonation: 'suplantación' },
    caption: 'Ataques físicos: éxito tras guardar con 256 niveles por canal (intervalo de Wilson al 95 %)',
    columns: ['región', 'amenaza', 'parte de la imagen del rostro', 'optimizada', 'color aleatorio, misma forma'],
    rate: (count, total, rate, lower, upper) => `${count}/${total}: ${n.percent(rate)} (${n.percent(lower)}-${n.percent(upper)})`,
  },
  transfer: {
    title: (threat) => `Transferencia, ${threat}: creadas con (fila), juzgadas por (columna)`,
    xAxis: 'juzgadas por (modelo objetivo)',
    yAxis: 'creadas con (modelo origen) y',
    row: (source, attack) => `${source} · ${attack}`,
    glasses: 'montura de gafas',
    recognizer: 'reconocedor de face-api',
    randomFrame: 'ningún modelo: monturas de color aleatorio',
    cell: (rate, count, total) => `${n.percent(rate)} (${count}/${total})`,
    hover: (source, target, attack, count, total, rate, lower, upper) => `${attack} creado con ${source}, juzgado por ${target}: ${count}/${total} (${n.percent(rate)}; IC 95 % ${n.percent(lower)}-${n.percent(upper)})`,
  },
};
