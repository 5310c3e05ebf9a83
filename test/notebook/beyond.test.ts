/**
 * The notebook's "Más allá de FGSM" section without Jupyter: one small run on the bundled model,
 * then what its table, charts and generated text say. The display sink swallows the progress bar.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadFaceDataset } from '../../src/data/index.js';
import { beyondAnalysis, beyondAttacks, beyondConfusionChart, beyondCurvesChart, beyondFrame, beyondSliderChart, loadNotebookModel, personIndex, runBeyondFgsm, setDisplaySink } from '../../src/notebook/index.js';

setDisplaySink(() => undefined);
after(() => setDisplaySink(undefined));

test('beyond FGSM: dodging, impersonation, noise, 8-bit effect, all in Spanish and from the numbers', { timeout: 300_000 }, async () => {
  const dataset = await loadFaceDataset('data/sample_faces');
  const model = await loadNotebookModel({ modelName: 'resnet18', weights: 'models/resnet18_sample_faces.json', dataset });
  try {
    const epsilons = [0, 0.001, '2/255', '8/255', 0.01, 0.1];
    const attacks = beyondAttacks(model, { steps: 3, target: personIndex(model, 'amara okafor') });
    const beyond = await runBeyondFgsm(model, dataset, { limit: 24, faces: 2, attacks, epsilons });
    const names = beyond.study.attacks.map((a) => a.name);
    assert.deepEqual(names, ['fgsm', 'bim', 'pgd', 'noise', 'fgsm-impersonate', 'pgd-impersonate']);
    assert.equal(beyond.targetName, 'Amara Okafor');
    assert.deepEqual([beyond.dodging.name, beyond.impersonation?.name], ['pgd', 'pgd-impersonate'], 'the strongest attack of each role is featured');
    assert.equal(beyond.study.total, 24);
    assert.ok(beyond.warnings.some((w) => /1\/255/.test(w)), `the 0.001 epsilon is below one grey level: ${beyond.warnings.join(' | ')}`);

    // The 8-bit effect the text reports is real: at 0.001 rounding to 8 bits undoes FGSM entirely.
    const fgsm = beyond.study.attacks[0]!;
    const tiny = fgsm.results[beyond.study.epsilons.indexOf(0.001)]!;
    assert.equal(tiny.quantised!.robustAccuracy.count, beyond.study.clean.accuracy.count);

    // On the bundled (trained) model: PGD is at least as strong as FGSM at every epsilon, the gradient
    // beats random noise of the same size by far, impersonation succeeds more as epsilon grows, and
    // saving in 8 bits changes k/255 attacks by at most a face.
    const byName = (name: string) => beyond.study.attacks.find((a) => a.name === name)!;
    const robust = (name: string, e: number) => byName(name).results[e]!.robustAccuracy.count;
    const figures: string[] = [];
    beyond.study.epsilons.forEach((eps, e) => {
      if (eps === 0) return;
      assert.ok(robust('pgd', e) <= robust('fgsm', e), `PGD ${robust('pgd', e)} > FGSM ${robust('fgsm', e)} at ${eps}`);
      figures.push(`ε ${eps.toFixed(4)}: FGSM ${robust('fgsm', e)}, PGD ${robust('pgd', e)}, noise ${robust('noise', e)} of 24`);
      if (eps >= 0.01) assert.ok(robust('fgsm', e) + 6 <= robust('noise', e), `FGSM ${robust('fgsm', e)} not far below noise ${robust('noise', e)} at ${eps}`);
      if (Math.abs(eps * 255 - Math.round(eps * 255)) < 1e-9) {
        const quantised = byName('fgsm').results[e]!.quantised!.robustAccuracy.count;
        assert.ok(Math.abs(quantised - robust('fgsm', e)) <= 1, `8-bit saving changed FGSM at ${eps} from ${robust('fgsm', e)} to ${quantised}`);
      }
    });
    const targeted = byName('pgd-impersonate').results.map((r) => r.targetedSuccessRate!.count);
    assert.ok(targeted[targeted.length - 1]! > targeted[2]!, `impersonation success should rise with epsilon: ${targeted.join(', ')}`);
    console.log(`bundled model: ${figures.join('; ')}; impersonation successes ${targeted.join(', ')}`);

    const frame = beyondFrame(beyond);
    assert.equal(frame.shape[0], names.length * beyond.study.epsilons.length);
    assert.ok((frame.columns as string[]).includes('guardada en 8 bits'));

    const curves = beyondCurvesChart(beyond);
    assert.match(curves.layout.title.text, /^Evasión: FGSM, BIM y PGD frente a ruido aleatorio/);
    const legend = curves.data.map((t) => t.name ?? '').join(' | ');
    assert.match(legend, /referencia/);
    assert.doesNotMatch(legend, /impersonate/, 'the dodging chart leaves the targeted attacks out');
    assert.match(beyondConfusionChart(beyond).layout.title.text, /PGD con ε = 8\/255/);
    const slider = (await beyondSliderChart(beyond)) as unknown as { layout: { sliders: { steps: unknown[] }[] } };
    assert.equal(slider.layout.sliders[0]!.steps.length, beyond.study.epsilons.length);

    const text = beyondAnalysis(beyond);
    assert.match(text, /Con ε = 8\/255/);
    assert.match(text, /¿Gradiente o simple ruido\?/);
    assert.match(text, /Suplantación.*Amara Okafor/);
    assert.match(text, /Guardar la imagen borra los ε diminutos/);
    assert.doesNotMatch(text, /NaN|undefined|n\/d/);
    // Attacks are named as a reader says them (FGSM, PGD, ruido aleatorio), never by their code names.
    assert.doesNotMatch(text, /\b(noise|fgsm|pgd|bim)\b|impersonate/);
  } finally {
    model.classifier.dispose();
  }
});
