/**
 * Picks the TF.js backend: `@tensorflow/tfjs-node` when the user has it installed (it downloads a
 * native library at install time, so it is not a dependency), else WebAssembly with SIMD, else the
 * pure-JS cpu backend. The name of the one that ran goes into the manifest and the report.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

let wasmPathsSet = false;
let active: BackendName | undefined;

async function tryNode(): Promise<boolean> {
  try {
    // A variable specifier keeps bundlers and tsc from requiring the optional package.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    if (!wasmPathsSet) {
      const require = createRequire(import.meta.url);
      const pkg = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
      // Node has no fetch of relative URLs: point the loader at the .wasm files on disk.
      setWasmPaths(`${join(pkg, 'dist')}/`);
      wasmPathsSet = true;
    }
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/** Activates the requested backend (auto: tensorflow → wasm → cpu) and returns the one that runs. */
export async function useBackend(choice: BackendChoice = 'auto'): Promise<BackendName> {
  active = await pick(choice);
  return active;
}

async function pick(choice: BackendChoice): Promise<BackendName> {
  if (choice === 'auto' || choice === 'tensorflow') {
    if (await tryNode()) return 'tensorflow';
  }
  if (choice === 'auto' || choice === 'wasm') {
    if (await tryWasm()) return 'wasm';
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

/**
 * The active backend, choosing one (auto) when none was chosen yet. Importing the wasm package registers
 * it as the highest-priority backend without initialising it, so any tf call must come after this.
 */
export async function ensureBackend(): Promise<BackendName> {
  return active ?? useBackend('auto');
}
