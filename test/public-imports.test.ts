/**
 * Tests and scripts import src only through entry points, so that moving a file inside a folder
 * breaks none of them: a folder's index.js (src/engines/onnx and src/engines/tfjs have their own),
 * src/index.js, or src/tensor.js. tensor.ts is a single top-level module rather than a folder,
 * holding the host tensor type every layer shares; importing it through src/index.js would load
 * the whole library (tfjs, ONNX Runtime, ...) for one helper, so it is an entry point of its own.
 * Only import specifiers count (static, `export ... from`, dynamic `import()`), not paths that a
 * test reads or hands to a child process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ENTRY_POINTS = /^src\/(index\.js|tensor\.js|[^/]+\/index\.js|engines\/(onnx|tfjs)\/index\.js)$/;

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function srcImports(file: string): { line: number; specifier: string; target: string }[] {
  const text = readFileSync(file, 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.filter((imported) => imported.fileName.startsWith('.'))
    .map((imported) => ({
      line: text.slice(0, imported.pos).split('\n').length,
      specifier: imported.fileName,
      target: relative('.', resolve(dirname(file), imported.fileName)).split('\\').join('/'),
    }))
    .filter((imported) => imported.target.startsWith('src/'));
}

for (const root of ['test', 'scripts']) {
  test(`${root}/ imports src only through entry points (a folder's index.js, src/index.js, src/tensor.js)`, () => {
    const files = typeScriptFiles(root);
    const imports = files.flatMap((file) => srcImports(file).map((imported) => ({ file, ...imported })));
    assert.ok(files.length > 5 && imports.length > 5, `${root}: expected many files importing src, found ${files.length} files, ${imports.length} imports`);
    const internal = imports.filter((imported) => !ENTRY_POINTS.test(imported.target));
    assert.deepEqual(
      internal.map(({ file, line, specifier }) => `${file}:${line}: '${specifier}'`),
      [],
      'import these through the folder\'s index.js (export the name from that index if it is missing)',
    );
  });
}
