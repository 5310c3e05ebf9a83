/** The languages figures, tables and generated texts are written in: English for the CLI and results, Spanish for the notebook. */
export type Locale = 'en' | 'es';

export const DEFAULT_LOCALE: Locale = 'en';
