/**
 * The sandbox worker's side: loads one user policy file with the usual loader (tsx's tsImport), reports
 * its name, then runs the replay loop for it over the trace it is sent. Whatever the policy does here —
 * spin, allocate without end, exit the process — stops this thread only; the replay in the main thread
 * turns it into a PolicyError for this run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../core/errors.ts';
import { loadUserPolicy } from '../policy/load-user-policy.ts';
import { parseSpec } from '../policy/spec.ts';
import type { Policy } from '../policy/types.ts';
import { replayWorld } from './replay-world.ts';
import { allocateRunColumns } from './run-columns.ts';
import { runPolicy } from './run-policy.ts';
import { type FromWorker, PHASE_DECIDING, PHASE_INIT, type RunJob, type WorkerData } from './sandbox-protocol.ts';

const data = workerData as WorkerData;
const port = parentPort!;
const position = new Int32Array(data.position);
const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** The policy with its calls marking where it is, so a hang or a crash can be pinned on a request. */
function watched(p: Policy): Policy {
  return {
    name: p.name,
    ...(p.init ? { init: (ctx) => (Atomics.store(position, 0, PHASE_INIT), p.init!(ctx)) } : {}),
    decide: (req, ctx) => {
      position[0] = PHASE_DECIDING;
      position[1] = req.index;
      return p.decide(req, ctx);
    },
    ...(p.observe ? { observe: (f) => p.observe!(f) } : {}),
  };
}

async function run(policy: Policy, job: RunJob): Promise<void> {
  const world = replayWorld(job.trace, job.train, job.catalog, (done) => send({ type: 'progress', done }));
  const [columns] = allocateRunColumns(job.trace.requestCount, 1);
  try {
    const result = await runPolicy(world, watched(policy), job.seed, columns!);
    // The columns share one buffer; `calls` has its own.
    const f = result.failure;
    const failure = f && { policy: f.policy, requestId: f.requestId, detail: f.detail, options: { phase: f.phase } };
    const { failure: _error, ...run } = result;
    send({ type: 'done', run, ...(failure ? { failure } : {}) }, [
      result.quality.buffer as ArrayBuffer,
      result.calls.buffer as ArrayBuffer,
    ]);
  } catch (err) {
    send({ type: 'crash', message: err instanceof Error ? err.message : String(err) });
  }
}

let policy: Policy | undefined;
try {
  policy = await loadUserPolicy(parseSpec(data.spec), data.cwd);
  send({ type: 'loaded', name: policy.name });
} catch (err) {
  send({ type: 'load-error', message: (err as Error).message, usage: err instanceof ConfigError });
}
if (policy) {
  const loaded = policy;
  port.once('message', (job: RunJob) => void run(loaded, job));
}
