/**
 * Hostile and broken .pth files, built by hand so these tests run without PyTorch: forbidden
 * globals (with a canary file that a code-running loader would create), garbage, truncation,
 * legacy files, absurd sizes and out-of-bounds views.
 */
import { describe, test, before, after } from 'node:test';
import { pushTensor } from '../../scripts/fuzz/pth-build.js';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { PickleWriter, WeightsError, readPth, writePth, type WeightsErrorCode } from '../../src/weights/index.js';
import { float32Bytes, tempDir, torchZip } from './helpers.js';

function refused(bytes: Uint8Array, code: WeightsErrorCode, pattern: RegExp): WeightsError {
  let caught: unknown;
  assert.throws(
    () => readPth(bytes, 'weights.pth'),
    (error: unknown) => {
      caught = error;
      return true;
    },
  );
  assert.ok(caught instanceof WeightsError, `expected a WeightsError, got ${(caught as Error)?.stack ?? String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, /^weights\.pth: /);
  assert.match(caught.message, pattern);
  return caught;
}


/** A state_dict pickle: OrderedDict with the given entries (each pushes its value). */
function stateDict(entries: [string, (w: PickleWriter) => void][]): Uint8Array {
  const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').emptyTuple().reduce().mark();
  for (const [name, push] of entries) {
    w.str(name);
    push(w);
  }
  return w.setitems().stop();
}

describe('forbidden globals are refused and nothing runs', () => {
  let dir: string;
  let canary: string;
  before(() => {
    dir = tempDir('canary');
    canary = join(dir, 'CANARY');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const attacks: [string, RegExp, (w: PickleWriter, command: string) => PickleWriter][] = [
    // The classic: GLOBAL 'os system', a string argument, TUPLE1, REDUCE.
    ['os.system via GLOBAL + REDUCE', /"os\.system"/, (w, cmd) => w.global('os', 'system').str(cmd).tuple1().reduce()],
    ['posix.system', /"posix\.system"/, (w, cmd) => w.global('posix', 'system').str(cmd).tuple1().reduce()],
    ['builtins.eval', /"builtins\.eval"/, (w, cmd) => w.global('builtins', 'eval').str(`__import__('os').system('${cmd}')`).tuple1().reduce()],
    ['subprocess.Popen', /"subprocess\.Popen"/, (w, cmd) => w.global('subprocess', 'Popen').mark().str('sh').str('-c').str(cmd).tuple().tuple1().reduce()],
  ];

  for (const [label, pattern, attack] of attacks) {
    test(`${label} is refused, naming the global`, () => {
      const pkl = attack(new PickleWriter().proto(2), `touch ${canary}`).stop();
      const error = refused(torchZip(pkl), 'forbidden-global', pattern);
      assert.match(error.message, /refusing to load: the pickle references the global/);
      assert.match(error.message, /Only state_dict files \(torch\.save\(model\.state_dict\(\)\)\) are supported\./);
      assert.equal(existsSync(canary), false, 'the command must not run');
    });
  }

  test('the exact protocol-2 bytes PROTO 2, GLOBAL, string, TUPLE1, REDUCE, STOP are refused', () => {
    const cmd = new TextEncoder().encode(`touch ${canary}`);
    const pkl = Uint8Array.from([
      0x80, 0x02, // PROTO 2
      0x63, ...new TextEncoder().encode('os\nsystem\n'), // GLOBAL
      0x58, cmd.length, 0, 0, 0, ...cmd, // BINUNICODE
      0x85, // TUPLE1
      0x52, // REDUCE
      0x2e, // STOP
    ]);
    refused(torchZip(pkl), 'forbidden-global', /"os\.system"/);
    assert.equal(existsSync(canary), false);
  });

  test('a forbidden global hidden after valid tensors is still refused', () => {
    const pkl = stateDict([
      ['conv.weight', (w) => pushTensor(w, { key: '0', numel: 2 }, 0, [2], [1])],
      ['payload', (w) => w.global('os', 'system').str(`touch ${canary}`).tuple1().reduce()],
    ]);
    refused(torchZip(pkl, { '0': float32Bytes([1, 2]) }), 'forbidden-global', /"os\.system"/);
    assert.equal(existsSync(canary), false);
  });

  test('STACK_GLOBAL (protocol 4) and INST opcodes go through the same whitelist', () => {
    const stackGlobal = new PickleWriter().proto(2).str('os').str('system');
    const bytes = stackGlobal.stop();
    // Replace the final STOP with STACK_GLOBAL, then call it.
    const cmd = new TextEncoder().encode(`touch ${canary}`);
    const viaStackGlobal = Uint8Array.from([...bytes.subarray(0, -1), 0x93, 0x58, cmd.length, 0, 0, 0, ...cmd, 0x85, 0x52, 0x2e]);
    refused(torchZip(viaStackGlobal), 'forbidden-global', /"os\.system"/);
    const viaInst = Uint8Array.from([0x28, 0x58, cmd.length, 0, 0, 0, ...cmd, 0x69, ...new TextEncoder().encode('os\nsystem\n'), 0x2e]);
    refused(torchZip(viaInst), 'forbidden-global', /"os\.system"/);
    assert.equal(existsSync(canary), false);
  });

  test('copyreg extension codes are refused', () => {
    refused(torchZip(Uint8Array.from([0x80, 0x02, 0x82, 0x01, 0x2e])), 'forbidden-global', /extension code 1/);
  });

  test('whitelisted callables cannot be abused: BUILD cannot rewrite a tensor record', () => {
    // {'w': tensor} where BUILD applies the state {'storage': 'evil'} to the tensor before it is stored.
    const w = new PickleWriter().proto(2).emptyDict().mark().str('w');
    pushTensor(w, { key: '0', numel: 2 }, 0, [2], [1]);
    const pkl = w.emptyDict().str('storage').str('evil').setitem().build().setitems().stop();
    refused(torchZip(pkl, { '0': float32Bytes([1, 2]) }), 'not-state-dict', /data\.pkl is malformed/);
  });

  test('a whitelisted callable given the wrong arguments is refused', () => {
    const pkl = new PickleWriter().proto(2).global('torch._utils', '_rebuild_tensor_v2').str('x').tuple1().reduce().stop();
    refused(torchZip(pkl), 'not-state-dict', /_rebuild_tensor_v2 got 1 arguments/);
  });
});

describe('broken and foreign files get one clear error', () => {
  test('garbage bytes', () => {
    const garbage = Uint8Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256);
    refused(garbage, 'unknown-format', /not a PyTorch \.pth file: its first bytes are 0d 6e cf/);
  });

  test('an HTML error page saved as weights', () => {
    refused(new TextEncoder().encode('<!DOCTYPE html><html>404</html>'), 'unknown-format', /starts with the text "<!DOCTYPE html><"/);
  });

  test('an empty file', () => {
    refused(new Uint8Array(0), 'unknown-format', /the file is empty/);
  });

  test('a JSON manifest passed as .pth is pointed to the right loader', () => {
    refused(new TextEncoder().encode('{"weightsManifest": []}'), 'unknown-format', /loadWeights\(\)\/loadModelWeights\(\)/);
  });

  test('a truncated .pth', () => {
    const full = writePth(new Map([['w', { shape: [64], data: new Float32Array(64) }]]));
    refused(full.subarray(0, full.length - 40), 'corrupt-zip', /truncated or corrupted/);
    refused(full.subarray(0, 200), 'corrupt-zip', /truncated or corrupted/);
  });

  test('a legacy (PyTorch < 1.6) pickle-format file', () => {
    // Legacy files start with the pickled magic number 0x1950a86a20f9469cfc6c as LONG1.
    const legacy = Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
    refused(legacy, 'legacy-format', /PyTorch < 1\.6.*torch\.save\(torch\.load\(old_path\), new_path\)/);
  });

  test('a zip that is not a torch archive, and a TorchScript archive', () => {
    refused(zipSync({ 'photos/a.jpg': new Uint8Array(4) }, { level: 0 }), 'not-state-dict', /no <archive>\/data\.pkl/);
    refused(zipSync({ 'm/data.pkl': new Uint8Array([0x80, 2, 0x2e]), 'm/constants.pkl': new Uint8Array(1), 'm/code/m.py': new Uint8Array(1) }, { level: 0 }), 'not-state-dict', /TorchScript/);
  });

  test('a pickle that is not a dict of tensors', () => {
    refused(torchZip(new PickleWriter().proto(2).mark().int(1).int(2).tuple().stop()), 'not-state-dict', /holds a list\/tuple, not a state_dict/);
    refused(torchZip(new PickleWriter().proto(2).emptyDict().mark().str('epoch').int(3).setitems().stop()), 'not-state-dict', /no tensors found.*epoch \(number\)/);
    refused(torchZip(Uint8Array.from([0x80, 0x02, 0x7d])), 'not-state-dict', /malformed/); // no STOP
  });

  test('complex and quantized dtypes are named', () => {
    const pkl = stateDict([['z', (w) => pushTensor(w, { type: 'ComplexFloatStorage', key: '0', numel: 1 }, 0, [1], [1])]]);
    refused(torchZip(pkl, { '0': new Uint8Array(8) }), 'unsupported-dtype', /dtype complex64 \(torch\.ComplexFloatStorage\)/);
  });

  test('a storage record missing from the archive', () => {
    const pkl = stateDict([['w', (w) => pushTensor(w, { key: '7', numel: 2 }, 0, [2], [1])]]);
    refused(torchZip(pkl, {}), 'corrupt-zip', /no record data\/7/);
  });

  test('a view reaching past its storage names the tensor', () => {
    const pkl = stateDict([['layer1.0.conv1.weight', (w) => pushTensor(w, { key: '0', numel: 6 }, 2, [2, 3], [3, 1])]]);
    refused(torchZip(pkl, { '0': float32Bytes([1, 2, 3, 4, 5, 6]) }), 'bad-tensor', /tensor "layer1\.0\.conv1\.weight" cannot be read: .*reaches element 7 but its storage holds only 6/);
  });
});

test('a storage claiming 10^12 elements in a tiny file fails fast without allocating', () => {
  const pkl = stateDict([['fc.weight', (w) => pushTensor(w, { key: '0', numel: 1e12 }, 0, [1e6, 1e6], [1e6, 1])]]);
  const file = torchZip(pkl, { '0': float32Bytes([1, 2, 3, 4]) });
  assert.ok(file.length < 2000);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const error = refused(file, 'corrupt-zip', /storage data\/0 declares 1000000000000 float32 elements \(3\.6 TiB\) but the archive holds only 16 bytes/);
  assert.ok(performance.now() - started < 500, 'fails fast');
  const grown = process.memoryUsage().rss - rssBefore;
  assert.ok(grown < 32 * 1024 * 1024, `rss grew by ${grown} bytes`);
  assert.match(error.message, /truncated or corrupted/);
});

test('a view with 10^12 elements over a small storage (zero strides) is refused before allocating', () => {
  const pkl = stateDict([['x', (w) => pushTensor(w, { key: '0', numel: 1 }, 0, [1e6, 1e6], [0, 0])]]);
  const rssBefore = process.memoryUsage().rss;
  refused(torchZip(pkl, { '0': float32Bytes([1]) }), 'bad-tensor', /tensor "x" cannot be read: it has 1000000000000 elements/);
  assert.ok(process.memoryUsage().rss - rssBefore < 32 * 1024 * 1024);
});
