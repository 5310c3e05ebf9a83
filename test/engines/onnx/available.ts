/** Skips the ONNX engine tests, saying why, when onnxruntime-node cannot run here. */
import { onnxAvailable } from '../../../src/engines/onnx/index.js';

export async function onnxSkipReason(): Promise<string | false> {
  const available = await onnxAvailable();
  return available === true ? false : `onnxruntime-node is unavailable: ${available}`;
}
