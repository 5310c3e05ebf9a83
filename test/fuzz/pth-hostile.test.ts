/**
 * Every named hostile .pth case of issue 7 part 1, each with its expected clear error: real
 * code-running pickles (proved real under Python's pickle when /usr/bin/python3 exists), wrong
 * types, memo abuse, bad persistent ids, overrunning storages and views, zip bombs, nesting.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { zipSync } from 'fflate';
import { PickleWriter, WeightsError, readPth, unpickleTorch, writePth, type WeightsErrorCode } from '../../src/weights/index.js';
import { attackPickles, float32Bytes, pushTensor, stateDictPickle, torchZip } from '../../scripts/fuzz/pth-build.js';

const PYTHON = '/usr/bin/python3';

function refused(bytes: Uint8Array, code: WeightsErrorCode, pattern: RegExp): WeightsError {
  let caught: unknown;
  try {
    readPth(bytes, 'hostile.pth');
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof WeightsError, `expected a WeightsError, got ${(caught as Error)?.stack ?? String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, /^hostile\.pth: /);
  assert.doesNotMatch(caught.message, /\n/, 'one line');
  assert.match(caught.message, pattern);
  return caught;
}

/** A raw pickle (PROTO 2 ... STOP) in a torch zip with one 2-float storage "0". */
const pickle = (...ops: number[]) => torchZip(Uint8Array.from([0x80, 2, ...ops, 0x2e]), { '0': float32Bytes([1, 2]) });
const K = (n: number) => [0x4b, n]; // BININT1
const tensorOps = (numel = 2, size = [2], stride = [1], key = '0') => {
  const w = new PickleWriter();
  pushTensor(w, { key, numel }, 0, size, stride);
  return [...w.stop().subarray(0, -1)];
};

describe('code-running pickles are refused, naming the global, and nothing runs', () => {
  let dir: string;
  let canary: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fgsm-hostile-'));
    canary = join(dir, 'CANARY');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const expectedGlobal: Record<string, RegExp> = {
    'os.system via GLOBAL+REDUCE': /"os\.system"/,
    'posix.system': /"posix\.system"/,
    'builtins.eval': /"builtins\.eval"/,
    'builtins.exec': /"builtins\.exec"/,
    'subprocess.Popen': /"subprocess\.Popen"/,
    'subprocess.check_call': /"subprocess\.check_call"/,
    'STACK_GLOBAL os.system': /"os\.system"/,
    'STACK_GLOBAL builtins.eval': /"builtins\.eval"/,
    'INST os.system': /"os\.system"/,
    'OBJ os.system': /"os\.system"/,
    'NEWOBJ subprocess.Popen': /"subprocess\.Popen"/,
    '__reduce__ inside a state_dict': /"os\.system"/,
    'BUILD with a REDUCE state': /"os\.system"/,
    'memoised global': /"os\.system"/,
    'builtins.getattr chain': /"builtins\.getattr"/,
  };

  test('every crafted attack has an expectation', () => {
    assert.deepEqual(attackPickles('x').map((a) => a.label).sort(), Object.keys(expectedGlobal).sort());
  });

  for (const [label, pattern] of Object.entries(expectedGlobal)) {
    test(`${label}: forbidden-global error, canary absent`, () => {
      const attack = attackPickles(`touch ${canary}`).find((a) => a.label === label)!;
      const error = refused(torchZip(attack.pkl, { '0': float32Bytes([1, 2]) }), 'forbidden-global', pattern);
      assert.match(error.message, /would run code: do not trust its source/);
      assert.equal(existsSync(canary), false, 'nothing may run');
    });
  }

  test('the same pickles DO run code under Python pickle.loads: they are real attacks', { skip: existsSync(PYTHON) ? false : `${PYTHON} is absent` }, () => {
    const attacks = attackPickles(`touch ${canary}`).filter((a) => a.runsInPython);
    assert.ok(attacks.length >= 10);
    for (const attack of attacks) {
      rmSync(canary, { force: true });
      const file = join(dir, 'attack.pkl');
      writeFileSync(file, attack.pkl);
      // Popen returns before its child has run: wait for it.
      const script = 'import pickle, sys, time, os\ntry:\n    pickle.loads(open(sys.argv[1], "rb").read())\nexcept Exception:\n    pass\nfor _ in range(100):\n    if os.path.exists(sys.argv[2]): break\n    time.sleep(0.02)\n';
      spawnSync(PYTHON, ['-c', script, file, canary], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(existsSync(canary), true, `${attack.label}: Python ran the payload`);
    }
    rmSync(canary, { force: true });
  });
});

describe('opcodes applied to objects of the wrong type', () => {
  const cases: [string, number[], RegExp][] = [
    ['SETITEM on a list', [0x5d, ...K(1), ...K(2), 0x73], /the target of SETITEM is a list, expected dict \(opcode SETITEM at byte 7\)/],
    ['SETITEMS on a tuple', [0x29, 0x28, ...K(1), ...K(2), 0x75], /the target of SETITEMS is a tuple, expected dict/],
    ['SETITEMS with an odd item count', [0x7d, 0x28, ...K(1), 0x75], /SETITEMS got 1 items, not key\/value pairs/],
    ['SETITEM with an unhashable key', [0x7d, 0x5d, ...K(2), 0x73], /a dict key is a list, which is unhashable/],
    ['APPEND on a dict', [0x7d, ...K(1), 0x61], /the target of APPEND is a dict, expected list/],
    ['APPENDS on a tuple', [0x29, 0x28, ...K(1), 0x65], /the target of APPENDS is a tuple, expected list/],
    ['APPEND on a tensor', [...tensorOps(), ...K(1), 0x61], /the target of APPEND is a tensor, expected list/],
    ['BUILD on a list', [0x5d, 0x7d, 0x62], /BUILD sets the state of a list/],
    ['BUILD on a tensor', [...tensorOps(), 0x7d, 0x62], /BUILD sets the state of a tensor/],
    ['BUILD with a non-dict state', [0x7d, ...K(1), 0x62], /BUILD state is a int, expected a dict/],
    ['BUILD injecting entries through __dict__', [0x7d, 0x7d, 0x58, 8, 0, 0, 0, ...new TextEncoder().encode('__dict__'), 0x7d, 0x73, 0x62], /BUILD state has a "__dict__" key/],
    ['REDUCE on a non-callable', [...K(1), 0x29, 0x52], /REDUCE calls a int, which is not callable/],
    ['REDUCE of a storage type', [0x63, ...new TextEncoder().encode('torch\nFloatStorage\n'), 0x29, 0x52], /REDUCE calls a storage-type/],
    ['REDUCE with non-tuple arguments', [0x63, ...new TextEncoder().encode('collections\nOrderedDict\n'), 0x7d, 0x52], /the arguments of REDUCE is a dict, expected tuple/],
    ['BINPERSID of a non-tuple', [...K(1), 0x51], /the persistent id is a int, expected tuple/],
    ['POP on an empty stack', [0x30, 0x7d], /the stack is empty \(opcode POP at byte 2\)/],
    ['TUPLE without MARK', [...K(1), 0x74], /there is no MARK to pop to/],
    ['DICT (protocol 0)', [0x28, ...K(1), ...K(2), 0x64], /DICT opcode is not supported/],
    ['unknown opcode', [0xff], /unknown opcode 0xff/],
    ['protocol 9', [0x80, 9, 0x7d], /pickle protocol 9 does not exist/],
  ];
  for (const [label, ops, pattern] of cases) {
    test(label, () => {
      refused(pickle(...ops), 'not-state-dict', pattern);
    });
  }

  test('a torch.save-style pickle with BUILD of _metadata still loads', () => {
    const pkl = stateDictPickle([['w', (w) => pushTensor(w, { key: '0', numel: 2 }, 0, [2], [1])]], { metadata: true });
    const { tensors } = readPth(torchZip(pkl, { '0': float32Bytes([1.5, -2]) }), 'ok.pth');
    assert.deepEqual([...tensors.get('w')!.data], [1.5, -2]);
  });
});

describe('memo indices out of range', () => {
  test('BINGET of a never-stored index', () => void refused(pickle(0x7d, 0x68, 5), 'not-state-dict', /memo index 5 was never stored \(out of range\) \(opcode BINGET at byte 3\)/));
  test('LONG_BINGET of a huge index', () => void refused(pickle(0x7d, 0x6a, 0xff, 0xff, 0xff, 0xff), 'not-state-dict', /memo index 4294967295 was never stored/));
  test('text GET of a never-stored index', () => void refused(pickle(0x7d, 0x67, ...new TextEncoder().encode('12\n')), 'not-state-dict', /memo index 12 was never stored/));
  test('text GET of a non-number', () => void refused(pickle(0x7d, 0x67, ...new TextEncoder().encode('x1\n')), 'not-state-dict', /memo index "x1" is not a number/));
  test('BINPUT with an empty stack', () => void refused(pickle(0x71, 0, 0x7d), 'not-state-dict', /the stack is empty \(opcode BINPUT/));
  test('a stored value can be fetched (valid memo use still loads)', () => {
    // {'a': tensor, 'b': the same tensor through the memo}
    const bytes = pickle(0x7d, 0x28, 0x58, 1, 0, 0, 0, 0x61, ...tensorOps(), 0x71, 3, 0x58, 1, 0, 0, 0, 0x62, 0x68, 3, 0x75);
    assert.deepEqual([...readPth(bytes, 'ok.pth').tensors.keys()], ['a', 'b']);
  });
});

describe('lengths and integers that would hang or jump backwards', () => {
  test('LONG4 with a 1 MiB integer is refused at once (quadratic in pickleparser)', () => {
    const started = performance.now();
    const pkl = new Uint8Array(2 + 5 + 0x100000 + 1).fill(1);
    pkl.set([0x80, 2, 0x8b, 0, 0, 0x10, 0]);
    pkl[pkl.length - 1] = 0x2e;
    refused(torchZip(pkl), 'not-state-dict', /an integer of 1048576 bytes is larger than int64/);
    assert.ok(performance.now() - started < 2000);
  });
  test('BINBYTES with a length of 2^31 (negative to pickleparser)', () => void refused(pickle(0x42, 0, 0, 0, 0x80), 'not-state-dict', /needs 2147483648 more bytes but the pickle ends/));
  test('BINUNICODE8 with a length past 2^53', () => void refused(pickle(0x8d, 0, 0, 0, 0, 0, 0, 0, 0x80), 'not-state-dict', /needs .* more bytes but the pickle ends/));
  test('a pickle without STOP', () => void refused(torchZip(Uint8Array.from([0x80, 2, 0x7d])), 'not-state-dict', /ends without a STOP opcode/));
  test('values beyond the budget are refused before pickleparser allocates them', () => {
    const many = Uint8Array.from([0x80, 2, ...new Array(1000).fill(0x5d), 0x2e]);
    assert.throws(() => unpickleTorch(many, 'many.pth', () => undefined, { maxValues: 100 }), /creates more than 100 values/);
  });
});

describe('persistent ids and storages', () => {
  const one = (numel: number, offset: number, size: number[], stride: number[], bytes: Uint8Array, key = '0') =>
    torchZip(stateDictPickle([['layer.weight', (w) => pushTensor(w, { key, numel }, offset, size, stride)]]), { '0': bytes });

  test('a persistent id naming a storage missing from the zip', () => void refused(one(2, 0, [2], [1], float32Bytes([1, 2]), '9'), 'corrupt-zip', /no record data\/9 for a tensor storage/));
  test('a persistent id pointing out of the archive folder', () => void refused(one(2, 0, [2], [1], float32Bytes([1, 2]), '../../etc/passwd'), 'not-state-dict', /bad storage key "\.\.\/\.\.\/etc\/passwd"/));
  test('a persistent id that is not a storage tuple', () => {
    const w = new PickleWriter().proto(2).mark().str('module').str('x').tuple().binpersid();
    refused(torchZip(w.stop()), 'not-state-dict', /unexpected persistent id/);
  });
  test('a storage declaring more bytes than its record holds', () => void refused(one(100, 0, [2], [1], float32Bytes([1, 2])), 'corrupt-zip', /storage data\/0 declares 100 float32 elements \(400 bytes\) but the archive holds only 8 bytes/));
  test('a view whose offset overruns its storage', () => void refused(one(2, 5, [1], [1], float32Bytes([1, 2])), 'bad-tensor', /tensor "layer\.weight" cannot be read: .*reaches element 5 but its storage holds only 2/));
  test('a view whose shape overruns its storage', () => void refused(one(2, 0, [3], [1], float32Bytes([1, 2])), 'bad-tensor', /reaches element 2 but its storage holds only 2/));
  test('a view whose stride overruns its storage', () => void refused(one(2, 0, [2], [7], float32Bytes([1, 2])), 'bad-tensor', /reaches element 7/));
  test('a declared tensor of 10^12 elements', () => void refused(one(1, 0, [1e6, 1e6], [0, 0], float32Bytes([1])), 'bad-tensor', /it has 1000000000000 elements/));
  test('stride-0 views expanding a tiny storage to gigabytes in all', () => {
    const entries: [string, (w: PickleWriter) => void][] = Array.from({ length: 8 }, (_, i) => [`x${i}`, (w: PickleWriter) => pushTensor(w, { key: '0', numel: 1 }, 0, [2 ** 14, 2 ** 13], [0, 0])]);
    refused(torchZip(stateDictPickle(entries), { '0': float32Bytes([1]) }), 'bad-tensor', /views expand 1 stored elements to 1073741824/);
  });
});

describe('zip structure', () => {
  const valid = () => writePth(new Map([['w', { shape: [64], data: new Float32Array(64) }]]));
  test('a truncated zip, cut anywhere', () => {
    const full = valid();
    for (const keep of [4, 30, 100, full.length >> 1, full.length - 22, full.length - 1]) refused(full.subarray(0, keep), 'corrupt-zip', /truncated or corrupted/);
  });
  test('a zip bomb: a deflated storage far beyond the file budget', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const zeros = deflateRawSync(new Uint8Array(96 << 20), { level: 9 });
    // fflate's zipSync would re-compress; patch a stored entry into a deflated one by hand instead.
    const zip = zipSync({ 'archive/data.pkl': stateDictPickle([['w', (w) => pushTensor(w, { key: '0', numel: 24 << 20 }, 0, [2], [1])]]), 'archive/data/0': zeros }, { level: 0 });
    const view = new DataView(zip.buffer);
    for (let i = 0; i + 4 <= zip.length; i++) {
      const sig = view.getUint32(i, true);
      const nameAt = sig === 0x04034b50 ? i + 30 : sig === 0x02014b50 ? i + 46 : -1;
      if (nameAt < 0 || new TextDecoder().decode(zip.subarray(nameAt, nameAt + 14)) !== 'archive/data/0') continue;
      const base = sig === 0x04034b50 ? i : i + 2;
      view.setUint16(base + 8, 8, true); // method: deflate
      view.setUint32(base + 22, 96 << 20, true); // uncompressed size
    }
    const rss = process.memoryUsage().rss;
    refused(zip, 'corrupt-zip', /entry "archive\/data\/0" would inflate .* to 96\.0 MiB, beyond the 32x budget .*zip bomb/);
    assert.ok(process.memoryUsage().rss - rss < 48 << 20, 'refused before inflating');
  });
  test('a model file zipped inside a zip', () => void refused(zipSync({ 'resnet18.pth': valid() }, { level: 0 }), 'not-state-dict', /holds "resnet18\.pth": extract that file/));
  test('a data.pkl that is itself a zip', () => void refused(torchZip(valid()), 'not-state-dict', /data\.pkl is itself a zip archive \(a nested zip\)/));
  test('duplicate entry names', () => {
    const zip = zipSync({ 'archive/data.pkl': new Uint8Array([0x80, 2, 0x7d, 0x2e]), 'archive/data.pkX': new Uint8Array([0x80, 2, 0x7d, 0x2e]) }, { level: 0 });
    // Rename the second entry onto the first, in both its headers.
    for (let i = 0; i < zip.length - 16; i++) if (new TextDecoder().decode(zip.subarray(i, i + 16)) === 'archive/data.pkX') zip[i + 15] = 0x6c;
    refused(zip, 'corrupt-zip', /entry "archive\/data\.pkl" appears twice/);
  });
  test('a legacy (pre-1.6) pickle-format .pth', () => {
    refused(Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]), 'legacy-format', /PyTorch < 1\.6/);
  });
  test('a legacy (pre-1.6) tar-format .pth', () => {
    const tar = new Uint8Array(1024);
    tar.set(new TextEncoder().encode('ustar'), 257);
    refused(tar, 'legacy-format', /legacy tar-format file/);
  });
  test('a zip entry name with control characters stays on one line', () => {
    refused(zipSync({ 'evil\nname\u0007': new Uint8Array(1) }, { level: 0 }), 'not-state-dict', /evil\\x0aname\\x07/);
  });
});

test('a global whose name holds a newline (via STACK_GLOBAL) is named on one line', () => {
  const enc = new TextEncoder();
  const str = (s: string) => [0x58, enc.encode(s).length, 0, 0, 0, ...enc.encode(s)];
  refused(torchZip(Uint8Array.from([0x80, 4, ...str('os\nimport evil'), ...str('system'), 0x93, 0x2e])), 'forbidden-global', /the global "os\\nimport evil\.system"/);
});
