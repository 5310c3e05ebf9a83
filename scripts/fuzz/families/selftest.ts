/** A family that misbehaves on purpose, so the tests can check that the harness sees hangs and crashes. */
import type { Family } from '../types.js';

export const selfTestFamily: Family = {
  name: '_selftest',
  crafted: () => 0,
  input: (_seed, index) => ({ label: `selftest:${index}`, data: index }),
  async run(input) {
    if (input.data === 1) for (;;); // a hang the worker cannot get out of by itself
    if (input.data === 2) process.abort(); // the process dies mid-input, as a native crash would
    if (input.data === 3) return { outcome: 'crash', detail: 'TypeError: thrown on purpose' };
    return { outcome: 'accepted' };
  },
};
