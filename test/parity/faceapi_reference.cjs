// The reference for our face recognizer: @vladmandic/face-api's own code on tfjs's cpu backend.
// Usage: node faceapi_reference.cjs <pixels.f32> <count> <references.f32 | -> <gradient count>
//   pixels: count x 150 x 150 x 3 float32 in [0,1]; references: count x 128 float32.
// Prints JSON: { descriptors: number[] (count x 128), gradients: number[] (first <gradient count> images) }.
// The gradient is tfjs autodiff of sum ||descriptor - reference||^2 through face-api's forwardInput,
// w.r.t. the pixels in [0,1] (face-api reads 0..255, hence the factor 255).
'use strict';
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

async function main() {
  const [pixelsPath, countText, referencesPath, gradientCountText] = process.argv.slice(2);
  const count = Number(countText);
  const gradientCount = Number(gradientCountText);
  const read = (path) => {
    const bytes = readFileSync(path);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const pixels = read(pixelsPath);
  await tf.setBackend('cpu');
  await tf.ready();
  const net = faceapi.nets.faceRecognitionNet;
  await net.loadFromDisk(join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
  const size = 150 * 150 * 3;
  const descriptors = [];
  for (let n = 0; n < count; n++) {
    const image = tf.tensor4d(pixels.subarray(n * size, (n + 1) * size).map((v) => v * 255), [1, 150, 150, 3]);
    descriptors.push(...(await net.computeFaceDescriptor(image)));
    image.dispose();
  }
  const gradients = [];
  if (gradientCount > 0) {
    const references = read(referencesPath);
    for (let n = 0; n < gradientCount; n++) {
      const image = tf.tensor4d(pixels.subarray(n * size, (n + 1) * size).map((v) => v * 255), [1, 150, 150, 3]);
      const reference = tf.tensor2d(references.subarray(n * 128, (n + 1) * 128), [1, 128]);
      const gradient = tf.grad((x) => tf.sum(tf.square(tf.sub(net.forwardInput(new faceapi.NetInput([tf.reshape(x, [150, 150, 3])])), reference))))(image);
      gradients.push(...Array.from(await gradient.data(), (g) => g * 255));
      tf.dispose([image, reference, gradient]);
    }
  }
  process.stdout.write(JSON.stringify({ descriptors, gradients }));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
