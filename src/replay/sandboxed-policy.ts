import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError, PolicyError } from '../core/errors.ts';
import type { PolicySpec } from '../policy/spec.ts';
import type { RunColumns } from './run-columns.ts';
import type { ReplayWorld } from './replay-world.ts';
import { CHOSEN_ERROR, type RunDecisions } from './types.ts';
import { type FromWorker, PHASE_INIT, PHASE_LOADING, type RunJob, type WorkerData } from './sandbox-protocol.ts';

export interface SandboxOptions {
  /** Folder a relative policy path is resolved against. */
  readonly cwd: string;
  /** Wall-clock budget in ms for loading the file, and again for the whole run (init and every decision);
   * 0 = no budget. */
  readonly timeoutMs: number;
  /** Heap limit of the policy's worker (V8 old generation), MB. */
  readonly maxMemoryMb: number;
  /** Where the policy's own console output goes (the worker's stdout and stderr). */
  readonly onOutput?: (text: string) => void;
}

export const DEFAULT_POLICY_TIMEOUT_S = 120;
export const DEFAULT_POLICY_MEMORY_MB = 1024;
const LOAD_FLOOR_MS = 30_000;

// The worker starts as a tiny CommonJS script that registers tsx, so that sandbox-worker.ts (TypeScript)
// loads in a thread of its own however the main thread was started (the CLI, vitest, a library user).
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((m) => (m.register ?? m.default.register)()).then(() => import(workerData.entry));`;
// tsx's ESM API (its exports map's "import" target): the CommonJS build, which require.resolve finds,
// cannot register the hooks from a worker.
const TSX_API = new URL(
  'dist/esm/api/index.mjs',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
).href;
const ENTRY = new URL('./sandbox-worker.ts', import.meta.url).href;

type Outcome = { type: 'message'; message: FromWorker } | { type: 'failed'; detail: string };

/**
 * A user policy file running in a worker_thread with a heap limit and a time budget: a throw, an endless
 * loop, unbounded allocation, exiting the process or a bad return value fails only its own run, as a PolicyError
 * naming the policy, the request and the cause. Made by `load` (which reports load errors as today: a
 * ConfigError), used once by `replay`.
 */
export class SandboxedPolicy {
  private used = false;

  private constructor(
    readonly name: string,
    private readonly worker: Worker,
    private readonly position: Int32Array,
    private readonly events: Events,
  ) {}

  /** Starts the worker and loads the file in it; throws ConfigError when the file is not a usable policy. */
  static async load(spec: PolicySpec, options: SandboxOptions): Promise<SandboxedPolicy> {
    const position = new Int32Array(new SharedArrayBuffer(8));
    const data: WorkerData = {
      tsxApi: TSX_API,
      entry: ENTRY,
      spec: spec.source,
      cwd: options.cwd,
      position: position.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb },
      stdout: true,
      stderr: true,
    });
    for (const stream of [worker.stdout, worker.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => options.onOutput?.(text));
    }
    const events = new Events(worker, options);
    // Loading also compiles the worker's own modules (about a second): never less than LOAD_FLOOR_MS.
    const cancel = events.budget('loading the file', LOAD_FLOOR_MS);
    const first = await events.next();
    cancel();
    if (first.type === 'message' && first.message.type === 'loaded') {
      // An idle worker must not keep the process alive if the command stops before the replay.
      worker.unref();
      return new SandboxedPolicy(first.message.name, worker, position, events);
    }
    await worker.terminate();
    if (first.type === 'message' && first.message.type === 'load-error' && first.message.usage)
      throw new ConfigError(first.message.message);
    const detail = first.type === 'failed' ? first.detail : (first.message as { message?: string }).message;
    throw new ConfigError(`${spec.source}: could not load the policy file: ${detail}`);
  }

  /** Replays the policy in its worker; never throws for the policy's faults (the run's `failure` says). */
  async run(world: ReplayWorld, seed: number, columns: RunColumns): Promise<RunDecisions> {
    if (this.used) throw new ConfigError(`policy ${this.name}: a sandboxed policy runs once; load it again`);
    this.used = true;
    const job: RunJob = { type: 'run', trace: world.trace, train: world.train, catalog: world.catalog, seed };
    this.worker.ref();
    Atomics.store(this.position, 0, PHASE_LOADING);
    const cancel = this.events.budget('the run');
    try {
      this.worker.postMessage(job);
      for (;;) {
        const next = await this.events.next();
        if (next.type === 'failed') return this.fail(world, columns, next.detail);
        const m = next.message;
        if (m.type === 'progress') world.progress(m.done);
        else if (m.type === 'done') return copyInto(m, columns, this.name);
        else if (m.type === 'crash') return this.fail(world, columns, `the replay in the sandbox failed: ${m.message}`);
        else return this.fail(world, columns, `unexpected message "${m.type}" from the sandbox`);
      }
    } finally {
      cancel();
      await this.worker.terminate();
    }
  }

  /** The run voided, with a PolicyError naming the request the policy was on when it stopped. */
  private fail(world: ReplayWorld, columns: RunColumns, detail: string): RunDecisions {
    const phase = Atomics.load(this.position, 0);
    const index = Atomics.load(this.position, 1);
    const requestId = phase > PHASE_INIT ? world.trace.requestIds[index] : undefined;
    const stage = phase === PHASE_INIT ? 'init' : phase === PHASE_LOADING ? 'load' : 'decide';
    world.progress(world.trace.requestCount);
    columns.chosen.fill(CHOSEN_ERROR);
    columns.wanted.fill(CHOSEN_ERROR);
    for (const c of [columns.quality, columns.costUsd, columns.latencyMs, columns.propensity]) c.fill(NaN);
    columns.costEstimated.fill(0);
    return {
      policy: this.name,
      ...columns,
      calls: new Float64Array(world.cells.modelCount),
      unsupported: 0,
      errors: 0,
      failure: new PolicyError(this.name, requestId, detail, { phase: stage }),
    };
  }
}

/**
 * The worker's run in this replay's columns, named as this policy is; its failure, sent as plain fields, becomes
 * a PolicyError again.
 */
function copyInto(message: Extract<FromWorker, { type: 'done' }>, columns: RunColumns, name: string): RunDecisions {
  const { run, failure } = message;
  for (const k of ['quality', 'costUsd', 'latencyMs', 'propensity', 'chosen', 'costEstimated'] as const)
    columns[k].set(run[k]);
  columns.wanted.set(run.wanted!);
  const { failure: _cloned, ...rest } = run;
  // The run is this policy's under its own name here (the CLI may have renamed a duplicate).
  const error = failure && new PolicyError(name, failure.requestId, failure.detail, failure.options);
  return { ...rest, ...columns, policy: name, ...(error ? { failure: error } : {}) };
}

/** The worker's messages, errors, exit and the time budget, as one queue of outcomes. */
class Events {
  private readonly queue: Outcome[] = [];
  private waiting: ((o: Outcome) => void) | undefined;

  constructor(
    worker: Worker,
    private readonly options: SandboxOptions,
  ) {
    worker.on('message', (message: FromWorker) => this.push({ type: 'message', message }));
    worker.on('error', (err: Error & { code?: string }) =>
      this.push({
        type: 'failed',
        detail:
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `ran out of memory (the sandbox allows ${options.maxMemoryMb} MB of heap; --policy-memory raises it)`
            : `threw ${err.message}`,
      }),
    );
    worker.on('exit', (code: number) =>
      this.push({
        type: 'failed',
        detail:
          `ended its thread before finishing (exit code ${code}): the policy exited the process, ` +
          'or waits on a promise that never settles',
      }),
    );
  }

  private push(o: Outcome): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (w) w(o);
    else this.queue.push(o);
  }

  /** The next outcome (a timeout counts as one). */
  next(): Promise<Outcome> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Starts the time budget of one phase (loading, or the whole run); returns its cancel. */
  budget(what: string, floorMs = 0): () => void {
    const ms = this.options.timeoutMs > 0 ? Math.max(this.options.timeoutMs, floorMs) : 0;
    if (!(ms > 0)) return () => {};
    const timer = setTimeout(() => {
      this.push({
        type: 'failed',
        detail: `${what} took longer than the time budget of ${ms / 1000} s (--policy-timeout) and was stopped`,
      });
    }, ms);
    return () => clearTimeout(timer);
  }
}
