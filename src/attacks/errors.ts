/**
 * A bad epsilon (or step size) from a user: the message names the value and what to write instead,
 * so the CLI prints it as one line without a stack trace, like the other expected errors.
 */
export class EpsilonError extends Error {
  override readonly name = 'EpsilonError';
}
