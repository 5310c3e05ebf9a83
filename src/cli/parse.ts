/** Help text of a flag whose default is computed at run time (commander only shows set defaults). */
export function withDefault(description: string, defaultText: string): string {
  return `${description} (default: ${defaultText})`;
}
