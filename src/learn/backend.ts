/**
 * Picks the TF.js backend: `@tensorflow/tfjs-node` when the user has it installed (it downloads a
 * native library at install time, so it is not a dependency), else WebAssembly with SIMD, else the
 * pure-JS cpu backend. The name of the one that ran goes into the manifest and the report.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../core/errors.ts';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

let wasmPathsSet = false;
let active: BackendName | undefined;

/** Why each backend tried before the active one did not start (empty when the first choice ran). */
let notes: string[] = [];

/** The reasons the last backend choice passed over faster backends, e.g. "tensorflow: Cannot find package …". */
export function backendNotes(): readonly string[] {
  return notes;
}

/** Runs `start`; on failure records why (the backend is then skipped, never silently). */
async function attempt(name: BackendName, start: () => Promise<boolean>): Promise<boolean> {
  try {
    if (await start()) return true;
    notes.push(`${name}: setBackend returned false`);
  } catch (err) {
    notes.push(`${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  return false;
}

async function tryNode(): Promise<boolean> {
  // A variable specifier keeps bundlers and tsc from requiring the optional package.
  const name = '@tensorflow/tfjs-node';
  await import(name);
  return tf.setBackend('tensorflow');
}

async function tryWasm(): Promise<boolean> {
  if (!wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const pkg = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    // Node has no fetch of relative URLs: point the loader at the .wasm files on disk.
    setWasmPaths(`${join(pkg, 'dist')}/`);
    wasmPathsSet = true;
  }
  return tf.setBackend('wasm');
}

/** Activates the requested backend (auto: tensorflow → wasm → cpu) and returns the one that runs. */
export async function useBackend(choice: BackendChoice = 'auto'): Promise<BackendName> {
  active = await pick(choice);
  return active;
}

async function pick(choice: BackendChoice): Promise<BackendName> {
  notes = [];
  if (choice === 'auto' || choice === 'tensorflow') {
    if (await attempt('tensorflow', tryNode)) return 'tensorflow';
  }
  if (choice === 'auto' || choice === 'wasm') {
    if (await attempt('wasm', tryWasm)) return 'wasm';
  }
  // An explicit choice that cannot start is an error, not a silent fall-back to the slowest backend.
  if (choice !== 'auto' && choice !== 'cpu')
    throw new ConfigError(`--backend ${choice}: the backend did not start (${notes.join('; ')}); use --backend auto`);
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
