import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRunManifest, describeReplacedResults, packageVersions } from '../../src/study/index.js';

test('package versions are the installed ones, found even where "exports" hides package.json', () => {
  const versions = packageVersions();
  assert.equal(versions['fgsm-faces'], JSON.parse(readFileSync('package.json', 'utf8')).version);
  assert.equal(versions.sharp, JSON.parse(readFileSync('node_modules/sharp/package.json', 'utf8')).version);
  assert.equal(versions['onnxruntime-node'], JSON.parse(readFileSync('node_modules/onnxruntime-node/package.json', 'utf8')).version);
  assert.equal(versions.node, process.version);
});

test('the manifest hashes weights and images (names and bytes); replacing other results is said', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fgsm-manifest-'));
  try {
    const weights = join(dir, 'w.pth');
    writeFileSync(weights, 'weights v1');
    const image = { file: 'Faces/A_1.jpg', path: join(dir, 'a.jpg') };
    writeFileSync(image.path, 'pixels');
    const first = await buildRunManifest({ weights, attacked: [image], engine: 'onnxruntime' });
    assert.match(first.weightsSha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(await buildRunManifest({ weights, attacked: [image], engine: 'onnxruntime' }), { ...first, command: first.command });
    const renamed = await buildRunManifest({ weights, attacked: [{ ...image, file: 'Faces/B_1.jpg' }], engine: 'onnxruntime' });
    assert.notEqual(renamed.dataSha256, first.dataSha256, 'the same bytes under another name are other data');

    const results = join(dir, 'results_resnet18.json');
    assert.equal(await describeReplacedResults(results, first, 'w.pth'), undefined, 'nothing to replace');
    writeFileSync(results, JSON.stringify({ model: { weights: 'w.pth' }, manifest: first }));
    assert.equal(await describeReplacedResults(results, first, 'w.pth'), undefined, 'same weights and images: nothing to say');
    writeFileSync(weights, 'weights v2');
    const second = await buildRunManifest({ weights, attacked: [image], engine: 'onnxruntime' });
    assert.match((await describeReplacedResults(results, second, 'w.pth'))!, /was made from other weights .* it is replaced/);
    assert.match((await describeReplacedResults(results, { ...first, dataSha256: renamed.dataSha256 }, 'w.pth'))!, /other test images/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
