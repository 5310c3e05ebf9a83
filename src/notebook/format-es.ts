/** Numbers as a Spanish reader writes them: decimal comma, "45,7 %", "0,0001". */

const decimal = (digits: number) => new Intl.NumberFormat('es-ES', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const shortest = new Intl.NumberFormat('es-ES', { maximumSignificantDigits: 6 });

/** 0.4567 -> "45,7 %". */
export function pct(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${decimal(digits).format(fraction * 100)} %` : 'n/d';
}

/** Percentage points between two fractions: 0.9 - 0.4 -> "50,0 puntos". */
export function points(fraction: number, digits = 1): string {
  return `${decimal(digits).format(Math.abs(fraction) * 100)} puntos`;
}

/** 0.0001 -> "0,0001", 1 -> "1" (no float noise). */
export function num(value: number): string {
  return shortest.format(value);
}

/** A value with fixed decimals: fixed(0.03125, 3) -> "0,031". */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? decimal(digits).format(value) : 'n/d';
}

/** Seconds as "4,2 s" or "2 min 5 s". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${fixed(seconds, 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
