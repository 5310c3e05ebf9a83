/** The notebook speaks Spanish: its helpers take every word and number format from this locale's catalogue. */
import { localeText, type Locale } from '../i18n/index.js';

export const NOTEBOOK_LOCALE: Locale = 'es';

export const notebookText = localeText(NOTEBOOK_LOCALE);
