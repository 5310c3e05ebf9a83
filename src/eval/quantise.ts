/**
 * 8-bit quantisation: what survives when an adversarial image is saved with 8 bits per channel
 * (PNG). A perturbation below one grey level (eps < 1/255) can round away, entirely below 0.5/255.
 */
import { DEFAULT_LOCALE, messages, type Locale } from '../i18n/index.js';

export const EIGHT_BIT_STEP = 1 / 255;

/** round(x * 255) / 255 per pixel (round half up, as Math.round), float32 like the inputs. */
export function quantise8Bit(pixels: Float32Array, out = new Float32Array(pixels.length)): Float32Array {
  for (let i = 0; i < pixels.length; i++) out[i] = Math.round(pixels[i]! * 255) / 255;
  return out;
}

/** A warning for each epsilon below one 8-bit step, or an empty list, in the locale's words. */
export function quantisationWarnings(epsilons: readonly number[], locale: Locale = DEFAULT_LOCALE): string[] {
  const say = messages(locale).warning;
  return epsilons.filter((eps) => eps > 0 && eps < EIGHT_BIT_STEP).map((eps) => say.belowEightBit(eps, EIGHT_BIT_STEP));
}
