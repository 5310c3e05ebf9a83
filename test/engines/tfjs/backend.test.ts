/**
 * Backend selection. The module keeps one choice per process, so these tests run in order and
 * build on each other. Here @tensorflow/tfjs-node is (at most) the npm alias of @tensorflow/tfjs
 * that danfojs-node pulls in: 'auto' must not take it for native TensorFlow.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { currentBackend, initBackend } from '../../../src/engines/tfjs/index.js';

function installedName(packageName: string): string | undefined {
  try {
    const manifestPath = createRequire(import.meta.url).resolve(`${packageName}/package.json`);
    return (JSON.parse(readFileSync(manifestPath, 'utf8')) as { name: string }).name;
  } catch {
    return undefined;
  }
}

const nativeInstalled = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'].some((p) => installedName(p) === p);
const skipUnlessNoNative = nativeInstalled ? 'a real @tensorflow/tfjs-node(-gpu) is installed here' : false;
const aliasInstalled = installedName('@tensorflow/tfjs-node') === '@tensorflow/tfjs';

/** Collects log lines instead of printing them. */
function recorder(): { log: (message: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { log: (message) => lines.push(message), lines };
}

const WASM_DETAIL = /^wasm \((SIMD|no SIMD), \d+ threads?\)$/;

test('invalid backend names are refused with the valid choices', async () => {
  await assert.rejects(initBackend({ prefer: 'gpu' }), /Invalid tfjs backend 'gpu' \(prefer option\): choose one of auto, tensorflow, wasm, cpu\./);
  process.env.FGSM_BACKEND = 'webgl';
  try {
    await assert.rejects(initBackend(), /Invalid tfjs backend 'webgl' \(FGSM_BACKEND\): choose one of auto, tensorflow, wasm, cpu\./);
  } finally {
    delete process.env.FGSM_BACKEND;
  }
  assert.equal(currentBackend(), undefined);
});

test("'tensorflow' without @tensorflow/tfjs-node(-gpu) fails clearly, naming where it was asked for", { skip: skipUnlessNoNative }, async () => {
  await assert.rejects(
    initBackend({ prefer: 'tensorflow', log: () => assert.fail('nothing to log') }),
    /tfjs backend 'tensorflow' requested \(prefer option\) but @tensorflow\/tfjs-node\(-gpu\) is not installed\/working: install it or use wasm\/cpu\. \(@tensorflow\/tfjs-node-gpu is not installed; /,
  );
  process.env.FGSM_BACKEND = 'TensorFlow';
  try {
    await assert.rejects(initBackend(), /requested \(FGSM_BACKEND\) but/);
  } finally {
    delete process.env.FGSM_BACKEND;
  }
  assert.equal(currentBackend(), undefined);
});

test('auto picks wasm here, logs once, and is not fooled by the @tensorflow/tfjs alias', { skip: skipUnlessNoNative }, async () => {
  const { log, lines } = recorder();
  const listenersBefore = process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
  const choice = await initBackend({ log });
  assert.equal(choice.name, 'wasm');
  assert.match(choice.detail, WASM_DETAIL);
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(currentBackend(), choice);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^tfjs backend wasm \(.*\) \(auto\); not used: tensorflow \(@tensorflow\/tfjs-node-gpu is not installed, @tensorflow\/tfjs-node /);
  if (aliasInstalled) {
    assert.match(lines[0]!, /@tensorflow\/tfjs-node is an alias of @tensorflow\/tfjs 4\.22\.0, not native TensorFlow/);
    // The alias was judged by its package.json, never loaded: loading it registers every stock gradient.
    assert.equal(tf.getGradient('Conv2D'), undefined);
  }
  assert.equal(tf.findBackend('tensorflow'), null);
  // The Emscripten glue's rethrowing process handlers were removed again.
  assert.equal(process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection'), listenersBefore);
});

test('asking again for auto or for the same backend returns the cached choice silently', async () => {
  const first = currentBackend() ?? (await initBackend({ log: () => {} }));
  const { log, lines } = recorder();
  assert.equal(await initBackend({ log }), first);
  assert.equal(await initBackend({ prefer: first.name, log }), first);
  assert.deepEqual(lines, []);
  // Someone else switched tfjs meanwhile: the cached choice is re-activated, still silently.
  await tf.setBackend(first.name === 'cpu' ? 'wasm' : 'cpu');
  assert.equal(await initBackend({ log }), first);
  assert.equal(tf.getBackend(), first.name);
  assert.deepEqual(lines, []);
});

test('asking for another backend switches and logs; concurrent calls log once', async () => {
  const { log, lines } = recorder();
  const [a, b] = await Promise.all([initBackend({ prefer: 'cpu', log }), initBackend({ prefer: 'cpu', log })]);
  assert.deepEqual(a, { name: 'cpu', detail: 'cpu (plain JavaScript, slow)', gpu: false });
  assert.equal(b, a);
  assert.equal(tf.getBackend(), 'cpu');
  assert.deepEqual(lines, ['tfjs backend cpu (plain JavaScript, slow) (prefer option)']);

  process.env.FGSM_BACKEND = ' wasm ';
  try {
    const wasm = await initBackend({ log });
    assert.equal(wasm.name, 'wasm');
    assert.match(wasm.detail, WASM_DETAIL);
    assert.match(lines[1]!, /^tfjs backend wasm \(.*\) \(FGSM_BACKEND\)$/);
  } finally {
    delete process.env.FGSM_BACKEND;
  }
});

test('the default log is console.error with the fgsm-faces prefix', async (t) => {
  const error = t.mock.method(console, 'error', () => {});
  await initBackend({ prefer: 'cpu' });
  await initBackend({ prefer: 'cpu' });
  assert.equal(error.mock.callCount(), 1);
  assert.equal(error.mock.calls[0]!.arguments[0], 'fgsm-faces: tfjs backend cpu (plain JavaScript, slow) (prefer option)');
});

test('wasm initialises from any working directory (its .wasm files are found next to the package)', () => {
  const backendUrl = new URL('../../../src/engines/tfjs/backend.ts', import.meta.url).href;
  const script = `const { initBackend } = await import(${JSON.stringify(backendUrl)});
    const choice = await initBackend({ prefer: 'wasm', log() {} });
    console.log(JSON.stringify(choice));`;
  const child = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, FGSM_BACKEND: '' },
  });
  assert.equal(child.status, 0, child.stderr);
  const choice = JSON.parse(child.stdout.trim()) as { name: string; detail: string };
  assert.equal(choice.name, 'wasm');
  assert.match(choice.detail, WASM_DETAIL);
});
