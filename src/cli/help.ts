/** The "Examples:" block at the end of a command's --help (the CLI's commands and the scripts'). */
export function examplesHelp(examples: readonly string[]): string {
  return `\nExample${examples.length > 1 ? 's' : ''}:\n${examples.map((line) => `  ${line}`).join('\n')}`;
}
