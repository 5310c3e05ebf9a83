/**
 * Person names and class order. The seed project built its label index with Python's sorted() on
 * the unique names, so class i is the i-th name in code-point order (not locale order).
 */

/**
 * Python's str ordering: by Unicode code point. JS `<` compares UTF-16 code units, which agrees
 * except when a character beyond U+FFFF meets one in U+E000..U+FFFF, so compare code points.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++; // skip the low surrogate, equal in both
  }
  return a.length - b.length;
}

/** Unique names in Python sorted() order: index i is the class label of name i. */
export function sortedUniqueNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(compareCodePoints);
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.bmp', '.gif', '.tif', '.tiff']);

export function hasImageExtension(fileName: string): boolean {
  const dot = fileName.lastIndexOf('.');
  return dot >= 0 && IMAGE_EXTENSIONS.has(fileName.slice(dot).toLowerCase());
}

/** `Brad Pitt_12.jpg` (or `sub/Brad Pitt_12.jpg`) -> `Brad Pitt`; null when the file is not named `<Name>_<i>.<ext>`. */
export function nameFromFileName(file: string): string | null {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const match = /^(.+)_\d+\.[^.]+$/.exec(base);
  return match ? match[1]! : null;
}
