/**
 * onnxruntime-node, loaded on first use: its native library may be missing or unloadable on some
 * machine, and that must not break importing the rest of fgsm-faces. Callers ask onnxAvailable()
 * and fall back to tfjs with the reason.
 */
import type * as Ort from 'onnxruntime-node';
import { GraphBuilder } from './graph-builder.js';

export type OnnxRuntime = typeof Ort;

/** Where the sessions run: the CPU (always there), or an NVIDIA GPU through ORT's CUDA provider (opt-in, see cuda.ts). */
export type OnnxDevice = 'cpu' | 'cuda';

let loading: Promise<OnnxRuntime> | undefined;

/** The onnxruntime-node module (cached); rejects with a clear reason when it cannot load. */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  loading ??= import('onnxruntime-node').then(
    (module) => {
      // Imported from ESM the CommonJS exports may sit on `default` only, depending on the loader.
      const ort = (typeof module.InferenceSession === 'function' ? module : (module as unknown as { default?: OnnxRuntime }).default) as OnnxRuntime | undefined;
      if (!ort || typeof ort.InferenceSession !== 'function') throw new Error('onnxruntime-node loaded but has no InferenceSession');
      return ort;
    },
    (error: unknown) => {
      throw new Error(`onnxruntime-node cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  return loading;
}

let probe: Promise<true | string> | undefined;

/**
 * True when onnxruntime-node loads AND runs a one-op model on the CPU; otherwise the reason, e.g.
 * to log "ONNX engine unavailable (...), using tfjs". Never throws. Cached per process.
 */
export function onnxAvailable(): Promise<true | string> {
  probe ??= runProbe().then(
    () => true as const,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  return probe;
}

/** Runs Relu([-1, 2]) on the given execution provider; throws with the reason when it cannot. */
export async function runProbe(provider: OnnxDevice = 'cpu'): Promise<void> {
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(probeModel(), { executionProviders: [provider], intraOpNumThreads: 1 });
  try {
    const input = new ort.Tensor('float32', Float32Array.of(-1, 2), [2]);
    const result = await session.run({ x: input });
    const y = result.y?.data as Float32Array | undefined;
    if (!y || y[0] !== 0 || y[1] !== 2) throw new Error(`onnxruntime-node runs but computed Relu([-1, 2]) = [${y ? Array.from(y).join(', ') : 'nothing'}]`);
  } finally {
    await session.release();
  }
}

/** y = Relu(x), x float32 [2]. */
function probeModel(): Uint8Array {
  const graph = new GraphBuilder('probe');
  const x = graph.input('x', 'float32', [2]);
  graph.node('Relu', [x], 'relu', {}, ['y']);
  graph.output('y', 'float32', [2]);
  return graph.encode('fgsm-faces: does onnxruntime-node run?');
}
