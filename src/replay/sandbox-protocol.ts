import type { PolicyPhase } from '../core/errors.ts';
import type { CatalogModel } from '../policy/types.ts';
import type { Trace } from '../traces/trace.ts';
import type { RunDecisions } from './types.ts';

/**
 * Messages between a replay and a policy's sandbox worker. The worker holds the whole trace and runs the
 * replay loop itself, so a run is one message each way (plus a progress note every 16,384 requests):
 * decisions never cross threads one by one.
 */
export interface WorkerData {
  /** File URL of tsx's API, registered in the worker so the worker's own TypeScript loads. */
  readonly tsxApi: string;
  /** File URL of policy-worker.ts. */
  readonly entry: string;
  /** The policy spec as given (`./my-policy.ts?k=v`) and the folder it is relative to. */
  readonly spec: string;
  readonly cwd: string;
  /** Shared Int32Array [phase, request index]: where the policy was when it stopped answering. */
  readonly position: SharedArrayBuffer;
}

/** A PolicyError as plain data: structured cloning keeps an Error's message, not its fields. */
export interface PlainPolicyError {
  readonly policy: string;
  readonly requestId: string | undefined;
  readonly detail: string;
  readonly options: { readonly phase?: PolicyPhase };
}

export const PHASE_LOADING = 0;
export const PHASE_INIT = 1;
export const PHASE_DECIDING = 2;

export interface RunJob {
  readonly type: 'run';
  readonly trace: Trace;
  readonly train: Trace | undefined;
  readonly catalog: readonly CatalogModel[];
  readonly seed: number;
}

export type FromWorker =
  | { readonly type: 'loaded'; readonly name: string }
  | { readonly type: 'load-error'; readonly message: string; readonly usage: boolean }
  | { readonly type: 'progress'; readonly done: number }
  | { readonly type: 'done'; readonly run: RunDecisions; readonly failure?: PlainPolicyError }
  | { readonly type: 'crash'; readonly message: string };
