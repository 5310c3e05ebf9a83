/**
 * Dependency hygiene: every direct dependency is used where its section says (runtime ones by
 * src/, development ones by the scripts, tests or tools), and `npm ls` reports nothing extraneous,
 * missing or invalid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|mjs|js|py)$/.test(entry) ? [readFileSync(path, 'utf8')] : [];
  });
}

/** Whether some text imports or resolves `name` (or a file inside it) by a string literal. */
function mentions(texts: readonly string[], name: string): boolean {
  const quoted = new RegExp(`['"\`]${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/[^'"\`]*)?['"\`]`);
  return texts.some((text) => quoted.test(text));
}

test('every runtime dependency is used by src/ (or, for @tensorflow/tfjs, by face-api)', () => {
  const src = sources('src');
  for (const name of Object.keys(manifest.dependencies)) {
    if (name === '@tensorflow/tfjs') {
      // Not imported by us: face-api's Node build requires it by this name, so it must sit beside it.
      const faceApi = readFileSync('node_modules/@vladmandic/face-api/dist/face-api.node-wasm.js', 'utf8');
      assert.match(faceApi, /require\("@tensorflow\/tfjs"\)/);
      continue;
    }
    assert.ok(mentions(src, name), `${name} is a dependency but nothing in src/ uses it`);
  }
});

test('every development dependency is used by the scripts, the tests or a tool the scripts run', () => {
  const dev = [...sources('scripts'), ...sources('test'), JSON.stringify(manifest.scripts)];
  const tools: Record<string, RegExp> = {
    typescript: /node_modules\/typescript\/bin\/tsc/,
    tsx: /--import tsx/,
    typedoc: /\btypedoc\b/,
  };
  for (const name of Object.keys(manifest.devDependencies)) {
    if (name.startsWith('@types/')) {
      const typed = name.slice('@types/'.length);
      assert.ok(typed === 'node' || typed in manifest.dependencies, `${name} types a package that is not a dependency`);
      continue;
    }
    if (name === 'tslib') {
      // Not imported by us: @jupyter/web-components (bundled by the JupyterLab output tests) imports it without declaring it.
      const webComponents = JSON.parse(readFileSync('node_modules/@jupyter/web-components/package.json', 'utf8')) as { dependencies?: Record<string, string> };
      assert.ok(!('tslib' in (webComponents.dependencies ?? {})), '@jupyter/web-components declares tslib now: drop our devDependency');
      assert.match(readFileSync('node_modules/@jupyter/web-components/dist/esm/anchor/index.js', 'utf8'), /from "tslib"|from 'tslib'/);
      continue;
    }
    const tool = tools[name];
    if (tool) {
      assert.ok(dev.some((text) => tool.test(text)), `${name} is never run`);
      continue;
    }
    assert.ok(mentions(dev, name), `${name} is a devDependency but no script or test uses it`);
  }
});

test('npm ls: nothing extraneous, missing or invalid', () => {
  const listed = spawnSync('npm', ['ls', '--json', '--depth=0'], { encoding: 'utf8' });
  const tree = JSON.parse(listed.stdout) as { problems?: string[]; dependencies?: Record<string, { extraneous?: boolean; missing?: boolean; invalid?: string }> };
  assert.deepEqual(tree.problems ?? [], []);
  for (const [name, info] of Object.entries(tree.dependencies ?? {})) {
    assert.ok(!info.extraneous && !info.missing && !info.invalid, `${name}: ${JSON.stringify(info)}`);
  }
});
