/**
 * Face regions placed from landmarks: a rotated face gets a rotated frame, a smaller face a
 * smaller one; the frame covers about as much of the face image as Sharif et al.'s (~6.5%), leaves
 * the eyes visible, and damaged landmarks are refused with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { FACE_REGIONS, faceFrame, maskCoverage, REGION_NAMES, regionContains, regionMask } from '../../src/data/index.js';

/** The mean landmarks of the 400 bundled ORL faces in their 150 px chips (x, y per point). */
const MEAN_FACE = Float32Array.from([
  8.0, 41.1, 11.3, 58.0, 14.8, 74.2, 18.4, 87.6, 24.1, 102.3, 33.6, 112.5, 45.2, 119.2, 57.1, 128.0, 75.3, 133.2, 93.1, 130.0, 104.9, 122.8, 113.1, 116.5, 123.1, 103.2, 130.1, 89.0,
  133.3, 73.8, 138.3, 59.4, 137.5, 42.3, 21.3, 31.3, 30.5, 27.2, 41.1, 25.9, 50.3, 26.1, 59.7, 29.2, 90.0, 27.7, 98.4, 26.7, 108.5, 26.2, 118.1, 28.2, 126.6, 31.4, 74.7, 44.4, 74.8,
  54.8, 73.8, 63.9, 72.7, 73.5, 62.8, 78.7, 67.8, 80.9, 73.8, 82.7, 80.5, 80.8, 85.1, 80.3, 35.7, 42.8, 41.4, 41.5, 50.2, 40.9, 57.2, 43.3, 51.2, 46.7, 42.2, 46.4, 90.7, 44.1, 99.0,
  41.2, 107.3, 41.4, 112.7, 42.3, 106.9, 46.7, 98.4, 46.3, 50.8, 95.9, 60.1, 94.4, 69.1, 93.0, 74.3, 93.5, 79.3, 92.1, 89.8, 95.1, 98.4, 97.2, 88.2, 100.9, 80.9, 105.3, 73.5, 106.3,
  67.6, 105.4, 59.1, 102.7, 52.2, 96.9, 67.7, 97.5, 74.4, 97.8, 81.5, 97.2, 95.7, 97.3, 81.1, 98.8, 73.9, 99.6, 67.5, 98.6,
]);
const CENTRE = [75, 75] as const;

function transformed(landmarks: Float32Array, angle: number, scale = 1): Float32Array {
  const [c, s] = [Math.cos(angle) * scale, Math.sin(angle) * scale];
  return Float32Array.from(landmarks, (_, i) => {
    const x = landmarks[i - (i % 2)]! - CENTRE[0];
    const y = landmarks[i - (i % 2) + 1]! - CENTRE[1];
    return i % 2 === 0 ? CENTRE[0] + c * x - s * y : CENTRE[1] + s * x + c * y;
  });
}

/** The orientation (radians) of a mask's principal axis, from its second moments. */
function principalAngle(mask: Uint8Array, width: number): number {
  let [n, mx, my] = [0, 0, 0];
  mask.forEach((v, p) => {
    if (!v) return;
    n++;
    mx += p % width;
    my += Math.floor(p / width);
  });
  [mx, my] = [mx / n, my / n];
  let [sxx, syy, sxy] = [0, 0, 0];
  mask.forEach((v, p) => {
    if (!v) return;
    const [dx, dy] = [(p % width) - mx, Math.floor(p / width) - my];
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  });
  return 0.5 * Math.atan2(2 * sxy, sxx - syy);
}

test('a rotated face gets the same frame, rotated: every region, point by point, and on the pixel grid', () => {
  const angle = (25 * Math.PI) / 180;
  const rotated = transformed(MEAN_FACE, angle);
  const random = seedrandom('regions');
  for (const name of REGION_NAMES) {
    let inside = 0;
    for (let k = 0; k < 4000; k++) {
      const [x, y] = [random() * 150, random() * 150];
      const [dx, dy] = [x - CENTRE[0], y - CENTRE[1]];
      const [rx, ry] = [CENTRE[0] + Math.cos(angle) * dx - Math.sin(angle) * dy, CENTRE[1] + Math.sin(angle) * dx + Math.cos(angle) * dy];
      const before = regionContains(FACE_REGIONS[name], MEAN_FACE, x, y);
      assert.equal(regionContains(FACE_REGIONS[name], rotated, rx, ry), before, `${name}: the point (${x.toFixed(2)}, ${y.toFixed(2)}) and its rotation disagree`);
      if (before) inside++;
    }
    assert.ok(inside > 20, `${name}: ${inside} of the random points fall inside (the test must see the region)`);
  }
  const upright = regionMask(FACE_REGIONS.glasses, MEAN_FACE, 150, 150);
  const tilted = regionMask(FACE_REGIONS.glasses, rotated, 150, 150);
  const turn = principalAngle(tilted, 150) - principalAngle(upright, 150);
  assert.ok(Math.abs(turn - angle) < (1 * Math.PI) / 180, `the frame's axis turned by ${((turn * 180) / Math.PI).toFixed(2)} degrees, the face by 25`);
  assert.ok(Math.abs(maskCoverage(tilted) / maskCoverage(upright) - 1) < 0.03, 'rotating keeps its size (up to the pixel grid)');
});

test('the frame scales with the face and sits on the eyes: ~6.5% of the face image, lenses open, a bridge between them', () => {
  const coverage = maskCoverage(regionMask(FACE_REGIONS.glasses, MEAN_FACE, 150, 150));
  assert.ok(coverage > 0.055 && coverage < 0.08, `the frame covers ${(100 * coverage).toFixed(2)}% of the mean face's chip`);
  const half = maskCoverage(regionMask(FACE_REGIONS.glasses, transformed(MEAN_FACE, 0, 0.5), 150, 150));
  assert.ok(Math.abs(half / coverage - 0.25) < 0.03, `half the face, a quarter of the pixels: ${(half / coverage).toFixed(3)}`);
  const frame = faceFrame(MEAN_FACE);
  const eyes = [-0.5, 0.5].map((u) => [frame.origin[0] + u * frame.scale * frame.axis[0], frame.origin[1] + u * frame.scale * frame.axis[1]] as const);
  for (const [x, y] of eyes) assert.equal(regionContains(FACE_REGIONS.glasses, MEAN_FACE, x, y), false, 'the eyes are seen through the lenses');
  assert.equal(regionContains(FACE_REGIONS.glasses, MEAN_FACE, frame.origin[0], frame.origin[1] - 0.06 * frame.scale), true, 'the bridge crosses between the eyes');
  for (const name of ['forehead', 'cheek'] as const) {
    const share = maskCoverage(regionMask(FACE_REGIONS[name], MEAN_FACE, 150, 150));
    assert.ok(share > 0.01 && share < 0.04, `${name}: ${(100 * share).toFixed(2)}%`);
  }
});

test('damaged landmarks are refused with the reason', () => {
  assert.throws(() => regionMask(FACE_REGIONS.glasses, new Float32Array(10), 150, 150), /68 landmarks \(136 numbers: x0, y0, x1, y1, \.\.\.\); got 10 numbers/);
  const broken = MEAN_FACE.slice();
  broken[75] = Number.NaN;
  assert.throws(() => regionMask(FACE_REGIONS.glasses, broken, 150, 150), /Landmark 37 has a non-finite coordinate \(NaN\)/);
  assert.throws(() => regionMask(FACE_REGIONS.glasses, new Float32Array(136), 150, 150), /both eyes at the same point/);
});
