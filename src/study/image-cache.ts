/**
 * Decoded test images shared by the models of one study: attacking three models on the same test
 * set decodes and resizes each image once per input size, not once per model. Kept only for the
 * study's lifetime (8-bit RGB: 513 faces at 224 px take 77 MB).
 */
import { readResizedRgb8, type DecodeOptions } from '../data/images.js';

export type ReadResizedImage = (path: string, size: number, options?: DecodeOptions) => Promise<Uint8Array>;

export function cachingImageReader(read: ReadResizedImage = readResizedRgb8): ReadResizedImage {
  // Promises are cached, so two models asking at once share one decode; failures are kept too,
  // and every model then reports the unreadable file the same way.
  const decoded = new Map<string, Promise<Uint8Array>>();
  return (path, size, options = {}) => {
    const key = `${size}\u0000${JSON.stringify(options)}\u0000${path}`;
    let image = decoded.get(key);
    if (!image) {
      image = read(path, size, options);
      decoded.set(key, image);
    }
    return image;
  };
}
