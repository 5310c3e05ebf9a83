/** Locales for figures, tables and generated texts: a typed catalogue per locale and its number formats. */
import { en, type Catalogue } from './en.js';
import { es } from './es.js';
import type { Locale } from './locale.js';
import { numberFormat, type NumberFormat } from './numbers.js';

export { DEFAULT_LOCALE, type Locale } from './locale.js';
export { numberFormat, type NumberFormat } from './numbers.js';
export type { Catalogue } from './en.js';

const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, es };

export function messages(locale: Locale): Catalogue {
  return CATALOGUES[locale];
}

/** A locale's words and number formats together, as every figure builder needs both. */
export function localeText(locale: Locale): { readonly t: Catalogue; readonly n: NumberFormat } {
  return { t: messages(locale), n: numberFormat(locale) };
}
