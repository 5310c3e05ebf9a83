/** Flags that `study` and `robustness` share, defined once so their help and parsing stay alike. */
import { Option } from 'commander';
import { DEFAULT_RESULTS_DIR, REAL_DATA_DIR, SAMPLE_DATA_DIR } from '../report/defaults.js';
import { collect, wholeNumber, withDefault } from './parse.js';

export function weightsOption(): Option {
  return new Option('--weights <file>', 'weights to attack (fgsm-faces .json or PyTorch .pth); repeat for several, paired in order with --model').argParser(collect);
}

export function dataOption(): Option {
  return new Option('--data <dir>', withDefault('dataset folder (Faces/ + Dataset.csv)', `${REAL_DATA_DIR} if it exists, else ${SAMPLE_DATA_DIR}`));
}

export function inputSizeOption(): Option {
  return new Option('--input-size <px>', withDefault('image side fed to the model', "the weights' (224 for a .pth)")).argParser(wholeNumber(32));
}

export function limitOption(): Option {
  return new Option('--limit <n>', withDefault('attack at most n test images, spread over the people', 'all')).argParser(wholeNumber(1));
}

export function backendOption(): Option {
  return new Option('--backend <name>', 'engine: onnx (ONNX Runtime) or a tfjs backend').choices(['auto', 'onnx', 'tensorflow', 'wasm', 'cpu']).default('auto', 'FGSM_BACKEND, else auto: tensorflow (native, GPUs) > onnx > wasm > cpu');
}

export function outOption(): Option {
  return new Option('--out <dir>', 'results folder').default(DEFAULT_RESULTS_DIR);
}

export function jsonOption(): Option {
  return new Option('--json', 'print the results JSON (an array, one document per model) to stdout; progress stays on stderr');
}
