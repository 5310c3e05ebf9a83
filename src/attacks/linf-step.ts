/**
 * One signed-gradient step followed by the two projections of BIM/PGD:
 *   `x' = clip_[0,1]( clip_[x0 - eps, x0 + eps]( x + step * sign(g) ) )`
 * `step` is signed: + ascends the loss (untargeted), - descends it (targeted). Arithmetic as
 * fgsmStep (float32 eps/step, double intermediate, float32 store), so a single step of size eps
 * from x0 reproduces fgsmStep bit for bit. sign(0) = 0. `out` may alias `current`.
 */
export function linfStep(current: Float32Array, gradient: Float32Array, step: number, origin: Float32Array, eps: number, out: Float32Array = new Float32Array(current.length)): Float32Array {
  if (gradient.length !== current.length || origin.length !== current.length || out.length !== current.length) {
    throw new Error(`linfStep: sizes differ (current ${current.length}, gradient ${gradient.length}, origin ${origin.length}, out ${out.length}).`);
  }
  const s = Math.fround(Math.abs(step)) * Math.sign(step);
  const e = Math.fround(eps);
  for (let i = 0; i < current.length; i++) {
    const g = gradient[i]!;
    const c = current[i]!;
    let v = g > 0 ? c + s : g < 0 ? c - s : c;
    const o = origin[i]!;
    if (v < o - e) v = o - e;
    else if (v > o + e) v = o + e;
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return out;
}

/** Projects `x` onto the eps-ball around `origin`, then onto [0,1], in place. */
export function projectLinf(x: Float32Array, origin: Float32Array, eps: number): Float32Array {
  const e = Math.fround(eps);
  for (let i = 0; i < x.length; i++) {
    let v = x[i]!;
    const o = origin[i]!;
    if (v < o - e) v = o - e;
    else if (v > o + e) v = o + e;
    x[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return x;
}
