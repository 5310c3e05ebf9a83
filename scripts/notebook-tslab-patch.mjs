// Two fixes to tslab 1.0.22, applied by the kernel launcher before tslab loads. Both work by
// handing tslab's converter a wrapped copy of its TypeScript module (tslab itself is untouched).
//
// 1. Skip type-checking the project's own src/ files. tslab checks every file a cell imports with
//    its bundled TypeScript 5.0.4 (non-strict) and refuses to run the cell on any error. src/ is
//    written for, and checked by, the project's TypeScript 5.9 in strict mode (`npm run typecheck`);
//    TS 5.0 rejects a few valid constructs there (tf.tidy with `as const` tuples; `in` narrowing
//    that needs strictNullChecks). Cells themselves are still fully checked.
//    FGSM_TSLAB_CHECK_SRC=1 turns this off, to see what TS 5.0 says about src/.
//
// 2. Let TypeScript's watch program have more than one timer. tslab's compiler host supports a
//    single pending timer and throws "Unexpected pending rebuildTimer" when TypeScript schedules a
//    second one, which it does when a directory it watches for failed module lookups changes (e.g.
//    `npm install`, or a node_modules folder appearing) while the kernel runs; from then on every
//    cell fails until the kernel is restarted. Here all of TypeScript's timers share tslab's one,
//    and run together when tslab fires it.
import Module from 'node:module';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';

const TSLAB_TYPESCRIPT = '@tslab/typescript-for-tslab';

/** A system whose setTimeout/clearTimeout multiplex any number of timers onto `system`'s one. */
export function multiplexTimers(system) {
  const pending = new Map();
  let shared;
  let firing = false;
  const fireAll = () => {
    shared = undefined;
    firing = true;
    try {
      // Jobs may schedule more jobs (a program update after invalidating lookups): run those too.
      while (pending.size > 0) {
        const jobs = [...pending.values()];
        pending.clear();
        for (const job of jobs) job();
      }
    } finally {
      firing = false;
    }
  };
  const wrapped = Object.create(system);
  wrapped.setTimeout = (callback, ms, ...args) => {
    const token = { fgsmTimer: true };
    pending.set(token, () => callback(...args));
    if (!firing && shared === undefined) shared = system.setTimeout(fireAll, ms);
    return token;
  };
  wrapped.clearTimeout = (token) => {
    pending.delete(token);
    if (pending.size === 0 && shared !== undefined) {
      system.clearTimeout(shared);
      shared = undefined;
    }
  };
  return wrapped;
}

/** A copy of the TypeScript module object with the two fixes; every other member is forwarded. */
function patchedTypeScript(ts, skippedDir) {
  const wrapper = {};
  // Forwarding getters, not copies: the module object is large and some members are lazy.
  for (const key of Object.keys(ts)) {
    Object.defineProperty(wrapper, key, { enumerable: true, configurable: true, get: () => ts[key] });
  }
  if (skippedDir) {
    const outside = (file) => !file || !file.fileName.startsWith(skippedDir);
    Object.defineProperty(wrapper, 'getPreEmitDiagnosticsOfFiles', {
      enumerable: true,
      value: (program, sourceFiles, cancellationToken) => ts.getPreEmitDiagnosticsOfFiles(program, sourceFiles.filter(outside), cancellationToken),
    });
  }
  Object.defineProperty(wrapper, 'createWatchCompilerHost', {
    enumerable: true,
    value: (rootFiles, options, system, ...rest) => ts.createWatchCompilerHost(rootFiles, options, system ? multiplexTimers(system) : system, ...rest),
  });
  return wrapper;
}

/** Call before tslab is loaded. Returns the fixes applied, for the launcher to log. */
export function patchTslab(repoRoot) {
  const tslabRequire = createRequire(createRequire(join(repoRoot, 'package.json')).resolve('tslab/dist/converter.js'));
  const ts = tslabRequire(TSLAB_TYPESCRIPT);
  const applied = [];
  for (const name of ['getPreEmitDiagnosticsOfFiles', 'createWatchCompilerHost']) {
    if (typeof ts[name] !== 'function') {
      console.warn(`fgsm-faces kernel: ${TSLAB_TYPESCRIPT} ${ts.version} has no ${name}; tslab runs unpatched.`);
      return applied;
    }
  }
  const skipSrc = process.env.FGSM_TSLAB_CHECK_SRC !== '1';
  // TypeScript's paths use forward slashes on every platform.
  const wrapped = patchedTypeScript(ts, skipSrc ? join(repoRoot, 'src').split(sep).join('/') + '/' : undefined);
  const originalLoad = Module._load;
  Module._load = function load(request, parent, isMain) {
    if (request === TSLAB_TYPESCRIPT) return wrapped;
    return originalLoad.call(this, request, parent, isMain);
  };
  applied.push('multiple watch timers');
  if (skipSrc) applied.push('src/ type-checked by npm run typecheck, not by tslab');
  return applied;
}
