import { Option } from 'commander';

/** `--json`: the results on stdout instead of the summary (a CLI choice, not a run setting). */
export function jsonOption(): Option {
  return new Option('--json', 'print the results JSON (an array, one document per model) to stdout; progress stays on stderr');
}
