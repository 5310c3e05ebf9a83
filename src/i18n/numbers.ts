/**
 * Numbers as each locale writes them. English keeps the figures' historical forms ("45.7%",
 * "0.0001", ">99%") so the CLI's outputs do not change; Spanish uses a decimal comma and a space
 * before the percent sign ("45,7 %"), as a Spanish reader writes them.
 */
import type { Locale } from './locale.js';

export interface NumberFormat {
  /** Shortest exact form without float noise: 0.30000000000000004 -> "0.3" / "0,3". */
  number(value: number): string;
  /** A fraction as a percentage: 0.4567 -> "45.7%" / "45,7 %". */
  percent(fraction: number, digits?: number): string;
  /** Percentage points between two fractions (always positive): 0.5 -> "50.0 points" / "50,0 puntos". */
  points(fraction: number, digits?: number): string;
  /** A value with fixed decimals: 0.03125, 3 -> "0.031" / "0,031". */
  fixed(value: number, digits: number): string;
  /** A whole-percent confidence that never reads 100 or 0 for a probability that is neither. */
  confidence(probability: number): string;
  /** "8/255" when eps is (to 1e-9) a whole number of 8-bit steps below 255, else the decimal ("1"). */
  epsilonLabel(epsilon: number): string;
  /** Seconds as "4.2 s" / "4,2 s", or "2 min 5 s" from a minute on. */
  duration(seconds: number): string;
  /** Plotly's layout.separators (decimal, thousands) for numbers Plotly formats itself; undefined = Plotly's default. */
  readonly plotlySeparators: string | undefined;
}

/** The whole-percent rounding both locales share; `unit` is what follows the number. */
function confidenceWith(unit: string): (probability: number) => string {
  return (probability) => {
    if (!Number.isFinite(probability)) return `?${unit}`;
    const percent = Math.round(probability * 100);
    if (percent >= 100 && probability < 1) return `>99${unit}`;
    if (percent <= 0 && probability > 0) return `<1${unit}`;
    return `${percent}${unit}`;
  };
}

function epsilonLabelWith(number: (value: number) => string): (epsilon: number) => string {
  return (epsilon) => {
    const steps = epsilon * 255;
    const whole = Math.round(steps);
    // 1 is the whole range, not "255/255".
    if (epsilon > 0 && whole >= 1 && whole < 255 && Math.abs(steps - whole) < 1e-9) return `${whole}/255`;
    return number(epsilon);
  };
}

function durationWith(fixed: (value: number, digits: number) => string): (seconds: number) => string {
  return (seconds) => {
    if (seconds < 60) return `${fixed(seconds, 1)} s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  };
}

const englishNumber = (value: number) => String(Number(value.toPrecision(6)));

const englishFixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

const ENGLISH: NumberFormat = {
  number: englishNumber,
  percent: (fraction, digits = 1) => (Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : 'n/a'),
  points: (fraction, digits = 1) => `${(Math.abs(fraction) * 100).toFixed(digits)} points`,
  fixed: englishFixed,
  confidence: confidenceWith('%'),
  epsilonLabel: epsilonLabelWith(englishNumber),
  duration: durationWith(englishFixed),
  plotlySeparators: undefined,
};

const spanishDecimal = (digits: number) => new Intl.NumberFormat('es-ES', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const spanishShortest = new Intl.NumberFormat('es-ES', { maximumSignificantDigits: 6 });
const spanishNumber = (value: number) => spanishShortest.format(value);
const spanishFixed = (value: number, digits: number) => (Number.isFinite(value) ? spanishDecimal(digits).format(value) : 'n/d');

const SPANISH: NumberFormat = {
  number: spanishNumber,
  percent: (fraction, digits = 1) => (Number.isFinite(fraction) ? `${spanishDecimal(digits).format(fraction * 100)} %` : 'n/d'),
  points: (fraction, digits = 1) => `${spanishDecimal(digits).format(Math.abs(fraction) * 100)} puntos`,
  fixed: spanishFixed,
  confidence: confidenceWith(' %'),
  epsilonLabel: epsilonLabelWith(spanishNumber),
  duration: durationWith(spanishFixed),
  plotlySeparators: ',.',
};

const FORMATS: Readonly<Record<Locale, NumberFormat>> = { en: ENGLISH, es: SPANISH };

export function numberFormat(locale: Locale): NumberFormat {
  return FORMATS[locale];
}
