import { readFileSync } from 'node:fs';

export function readFloat32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function readInt32(path: string): Int32Array {
  const b = readFileSync(path);
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Fraction of positions where |a - b| <= tol. */
export function fractionClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): number {
  let ok = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) <= tol) ok++;
  return ok / a.length;
}

/** Fraction of positions where sign(a) == sign(b) (0 counts as its own sign). */
export function signAgreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < a.length; i++) if (Math.sign(a[i]!) === Math.sign(b[i]!)) ok++;
  return ok / a.length;
}
