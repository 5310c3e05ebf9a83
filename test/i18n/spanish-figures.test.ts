/**
 * Every figure of src/figures built with locale 'es' from real results (the figure fixtures and a
 * real attack study) shows no English: no word of the English catalogue or of the same figure
 * built in English, in any title, axis, legend, hover, tick, annotation, slider label or caption.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishVocabulary, figuresIn, shownStrings, wordsOf } from './figure-words.js';

test('figures built in Spanish contain no English word (person names and symbols aside)', async () => {
  const english = await englishVocabulary();
  assert.ok(english.has('accuracy') && english.has('clean') && english.has('faces'), 'the vocabulary holds the English wording');
  const leaks: string[] = [];
  for (const [name, figure] of Object.entries(await figuresIn('es'))) {
    for (const text of shownStrings(figure)) {
      const found = wordsOf(text).filter((word) => english.has(word));
      if (found.length > 0) leaks.push(`${name}: ${found.join(', ')} in "${text}"`);
    }
  }
  assert.deepEqual(leaks, []);
});

test('the same figures in English do contain that vocabulary (the check can fail)', async () => {
  const english = await englishVocabulary();
  for (const [name, figure] of Object.entries(await figuresIn('en'))) {
    const words = shownStrings(figure).flatMap(wordsOf);
    assert.ok(words.some((word) => english.has(word)), `${name} in English shows English words`);
  }
});

test('Spanish Plotly figures use a decimal comma for the numbers Plotly formats; English ones keep the default', async () => {
  const es = await figuresIn('es');
  const en = await figuresIn('en');
  for (const [name, figure] of Object.entries(es)) {
    if (!('layout' in (figure as object))) continue; // the face grids are PNGs, not Plotly
    assert.equal((figure as { layout: { separators?: string } }).layout.separators, ',.', name);
    assert.equal('separators' in (en[name] as { layout: object }).layout, false, name);
  }
});

test('person names are data: the Spanish figures show them unchanged', async () => {
  const { perIdentity, confusion } = await figuresIn('es');
  const texts = [...shownStrings(perIdentity), ...shownStrings(confusion)].join('\n');
  for (const person of ['Amara Okafor', 'Kenji Morita', 'Lucia Ferran', 'Omar Haddad']) assert.ok(texts.includes(person), person);
});
