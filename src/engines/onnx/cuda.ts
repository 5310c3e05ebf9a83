/**
 * ONNX Runtime on an NVIDIA GPU (`--backend onnx-cuda`), opt-in and never chosen by `auto`: the npm
 * package ships the CPU library only, and its CUDA provider (Microsoft.ML.OnnxRuntime.Gpu from
 * NuGet, some 300 MB) is a separate download that our .npmrc skips at install. The probe says
 * exactly what is missing, so that asking for the GPU fails loudly instead of running on the CPU.
 */
import { existsSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveInstalled } from '../../core/project-require.js';
import { onnxAvailable, runProbe } from './runtime.js';

/** What onnxruntime-node 1.30's CUDA provider needs on the machine (ORT's CUDA 12 builds). */
export const ONNX_CUDA_REQUIREMENTS = 'an NVIDIA GPU and driver, CUDA 12.x and cuDNN 9.x';

/** The command that downloads the CUDA provider into the installed onnxruntime-node (overrides our .npmrc's skip). */
export const ONNX_CUDA_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js';

/** The provider library onnxruntime-node loads for 'cuda' on this platform, or undefined where it ships none. */
export function onnxCudaProviderPath(): string | undefined {
  if (`${platform()}/${arch()}` !== 'linux/x64') return undefined;
  const entry = resolveInstalled('onnxruntime-node');
  if (!entry) return undefined;
  // dist/index.js -> the package folder -> its native binaries.
  return join(dirname(dirname(entry)), 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so');
}

let probe: Promise<true | string> | undefined;

/** True when ONNX Runtime runs a one-op model on the GPU; otherwise why not, with the fix. Cached; never throws. */
export function onnxCudaAvailable(): Promise<true | string> {
  probe ??= findProblem().then((problem) => problem ?? (true as const));
  return probe;
}

async function findProblem(): Promise<string | undefined> {
  const cpu = await onnxAvailable();
  if (cpu !== true) return cpu;
  const provider = onnxCudaProviderPath();
  if (!provider) return `onnxruntime-node ships no CUDA provider for ${platform()}/${arch()} (only linux/x64)`;
  if (!existsSync(provider)) {
    return `onnxruntime-node's CUDA provider is not installed (${provider} is missing): run \`${ONNX_CUDA_INSTALL}\` (it downloads Microsoft.ML.OnnxRuntime.Gpu.Linux from NuGet); it needs ${ONNX_CUDA_REQUIREMENTS}`;
  }
  try {
    await runProbe('cuda');
    return undefined;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
    return `onnxruntime-node's CUDA provider is installed but cannot run (${message}); it needs ${ONNX_CUDA_REQUIREMENTS}`;
  }
}
