/** A model produced NaN or Infinity: an accuracy computed from it would be meaningless. */
export class NumericalError extends Error {
  override readonly name = 'NumericalError';
}
