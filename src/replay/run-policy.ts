import { PolicyError } from '../core/errors.ts';
import { drawKey, keyedUniform } from '../core/keyed-draw.ts';
import { createRng, hashString, type Rng } from '../core/rng.ts';
import type { CatalogModel, Decision, DecideContext, Feedback, Policy } from '../policy/types.ts';
import { STATUSES, type Trace } from '../traces/trace.ts';
import {
  describe,
  prepareCascade,
  prepareWeights,
  Refusal,
  type PreparedCascade,
  type PreparedWeights,
} from './prepare-decision.ts';
import type { CellIndex } from './cell-index.ts';
import type { RunColumns } from './run-columns.ts';
import type { ReplayRequestView } from './request-view.ts';
import { CHOSEN_ERROR, CHOSEN_UNSUPPORTED, type RunDecisions } from './types.ts';

/** Everything a replay shares between its policies (built once per trace). */
export interface ReplayWorld {
  readonly trace: Trace;
  readonly train: Trace | undefined;
  readonly cells: CellIndex;
  readonly order: Uint32Array;
  readonly catalog: readonly CatalogModel[];
  readonly codes: ReadonlyMap<string, number>;
  readonly view: ReplayRequestView;
  readonly progress: (requestsDone: number) => void;
}

const OK = STATUSES.indexOf('ok');

/** The one DecideContext of a run, updated in place before each decision. */
class Context implements DecideContext {
  nowMs = NaN;
  spentUsd = 0;
  constructor(
    readonly catalog: readonly CatalogModel[],
    readonly rng: Rng,
  ) {}
}

/**
 * Replays one policy over the world and returns its per-request outcomes. Never throws for policy faults:
 * a throw or an invalid decision ends the run with `failure` set (a PolicyError message naming the
 * policy and request), so the caller's other runs still complete.
 */
export async function runPolicy(
  world: ReplayWorld,
  policy: Policy,
  seed: number,
  columns: RunColumns,
): Promise<RunDecisions> {
  // One stream per policy name: a policy's draws do not depend on which other policies run beside it.
  const rng = createRng((seed ^ hashString(policy.name)) >>> 0);
  const initRng = rng.fork();
  const run = new PolicyRun(world, policy, rng.fork(), columns, drawKey(seed, policy.name));
  try {
    await policy.init?.({ catalog: world.catalog, train: world.train, rng: initRng });
  } catch (err) {
    run.voidFrom(0);
    return run.result(new PolicyError(policy.name, undefined, `init failed: ${message(err)}`, { cause: err }).message);
  }
  return run.result(run.decideAll());
}

/** The hot loop and its outputs. Plain fields and methods (no closures) keep V8's inline caches monomorphic. */
class PolicyRun {
  private readonly trace: Trace;
  private readonly cells: CellIndex;
  private readonly regular: boolean;
  private readonly cellRow: Int32Array;
  private readonly rowStart: Uint32Array;
  private readonly R: number;
  private readonly ctx: Context;
  private readonly feedback: { -readonly [K in keyof Feedback]: Feedback[K] };
  // Output columns (allocated by the caller) are not pre-filled: every path below writes every column of
  // its request (a fill would be a second pass over 41 bytes per request, a fifth of a simple policy's time).
  readonly chosen: Int32Array;
  readonly quality: Float64Array;
  readonly costUsd: Float64Array;
  readonly costEstimated: Uint8Array;
  readonly latencyMs: Float64Array;
  readonly propensity: Float64Array;
  // The model each one-model decision named (for weights, the sampled one), even when the trace has no
  // row for it: off-policy estimates on logged traces need it. CHOSEN_UNSUPPORTED for cascades.
  readonly wanted: Int32Array;
  // Every attempt is a call (retries included), as the metrics' references count them.
  readonly calls: Float64Array;
  unsupported = 0;
  errors = 0;
  // Read once after init: a policy without observe costs the hot loop one boolean test.
  private observes = false;
  // Scratch for the current call: set by `call`, read right after.
  private callCostUsd = 0;
  private callLatencyMs = 0;
  private callEstimated = 0;
  private callAttempts = 1;

  constructor(
    private readonly world: ReplayWorld,
    private readonly policy: Policy,
    rng: Rng,
    columns: RunColumns,
    // The replay's own draws (weights, noisy judges) are keyed by (seed, policy, request id), not taken
    // from a stream: a request gets the same draw whole, sharded (--shard) or reordered.
    private readonly drawKey: string,
  ) {
    const R = world.trace.requestCount;
    this.trace = world.trace;
    this.cells = world.cells;
    this.regular = world.cells.regular;
    this.cellRow = world.cells.row;
    this.rowStart = world.trace.requestRowStart;
    this.R = R;
    this.ctx = new Context(world.catalog, rng);
    this.feedback = { request: world.view, model: '', quality: NaN, costUsd: NaN, latencyMs: NaN, status: 'ok' };
    ({
      chosen: this.chosen,
      quality: this.quality,
      costUsd: this.costUsd,
      costEstimated: this.costEstimated,
      latencyMs: this.latencyMs,
      propensity: this.propensity,
      wanted: this.wanted,
    } = columns);
    this.calls = new Float64Array(world.cells.modelCount);
  }

  result(failure: string | undefined): RunDecisions {
    const { chosen, quality, costUsd, costEstimated, latencyMs, propensity, wanted, calls, unsupported, errors } = this;
    return {
      policy: this.policy.name,
      chosen,
      quality,
      costUsd,
      costEstimated,
      latencyMs,
      propensity,
      wanted,
      calls,
      unsupported,
      errors,
      ...(failure === undefined ? {} : { failure }),
    };
  }

  /** Marks the requests from replay position k on as not decided (the policy failed before them). */
  voidFrom(k: number): void {
    const order = this.world.order;
    for (let j = k; j < order.length; j++) {
      const q = order[j]!;
      this.chosen[q] = CHOSEN_ERROR;
      this.quality[q] = NaN;
      this.costUsd[q] = NaN;
      this.costEstimated[q] = 0;
      this.latencyMs[q] = NaN;
      this.propensity[q] = NaN;
      this.wanted[q] = CHOSEN_ERROR;
    }
  }

  /** Decides every request in replay order; returns the failure message, if the policy failed. */
  decideAll(): string | undefined {
    const { policy, ctx, world } = this;
    const { order, view, codes } = world;
    const timestampMs = this.trace.requestTimestampMs;
    const R = order.length;
    this.observes = typeof policy.observe === 'function';
    // The last two model decisions and their codes, most recent first: a decision object returned again
    // is treated as unchanged (see replay.ts), so policies that name one model, or switch between two
    // (threshold's strong and weak), skip the name lookup — and the string comparison.
    let d0: object | undefined,
      code0 = -1,
      d1: object | undefined,
      code1 = -1;
    let lastWeights: object | undefined, weights: PreparedWeights | undefined;
    let lastCascade: object | undefined, cascade: PreparedCascade | undefined;
    let k = 0;
    try {
      for (; k < R; k++) {
        const r = order[k]!;
        view.moveTo(r);
        ctx.nowMs = timestampMs[r]!;
        let d: Decision;
        try {
          d = policy.decide(view, ctx);
        } catch (err) {
          throw new Refusal(`decide threw: ${message(err)}`, { cause: err });
        }
        const type = (d as Decision | undefined)?.type;
        if (type === 'model') {
          if (d !== d0) {
            const code = d === d1 ? code1 : this.codeOf((d as { model: string }).model, codes);
            d1 = d0;
            code1 = code0;
            d0 = d;
            code0 = code;
          }
          this.single(r, code0, 1);
        } else if (type === 'weights') {
          // Weights objects are treated as immutable: the same object is prepared once.
          const w = (d as { weights: Readonly<Record<string, number>> }).weights;
          if (w !== lastWeights || !weights) {
            weights = prepareWeights(w, (name) => this.codeOf(name, codes));
            lastWeights = w;
          }
          const j = weights.pick(keyedUniform(this.drawKey, this.trace.requestIds[r]!, 0));
          this.single(r, weights.codes[j]!, weights.probability[j]!);
        } else if (type === 'cascade') {
          if (d !== lastCascade || !cascade) {
            cascade = prepareCascade(
              d as Extract<Decision, { type: 'cascade' }>,
              (name) => this.codeOf(name, codes),
              this.trace,
            );
            lastCascade = d;
          }
          this.cascade(r, cascade);
        } else {
          throw new Refusal(`decide returned ${describe(d)}; expected {type: 'model' | 'weights' | 'cascade', …}`);
        }
        if ((k & 0x3fff) === 0x3fff) world.progress(k + 1);
      }
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      this.voidFrom(k);
      world.progress(R);
      return new PolicyError(policy.name, this.trace.requestIds[order[k]!], err.message, { cause: err.cause }).message;
    }
    world.progress(R);
    return undefined;
  }

  /**
   * Calls model m on request r: returns the final attempt's row (-1 when the trace has none) and leaves
   * the call's cost, latency, estimated flag and attempt count in the scratch fields.
   */
  private call(r: number, m: number): number {
    const t = this.trace;
    let row: number;
    if (this.regular) {
      row = this.rowStart[r]! + m;
    } else {
      row = this.cellRow[m * this.R + r]!;
      if (row < 0) return -1;
      if (this.cells.hasRetries && t.attempt[row]! > 1) {
        this.sumRetries(r, m);
        return row;
      }
    }
    this.callCostUsd = t.costUsd[row]!;
    this.callLatencyMs = t.latencyMs[row]!;
    this.callEstimated = t.costEstimated[row]!;
    this.callAttempts = 1;
    return row;
  }

  /** Retries: the caller paid and waited for every attempt; quality and status are the last one's. */
  private sumRetries(r: number, m: number): void {
    const t = this.trace;
    let cost = 0,
      latency = 0,
      estimated = 0,
      attempts = 0;
    for (let i = t.requestRowStart[r]!, end = t.requestRowStart[r + 1]!; i < end; i++) {
      if (t.rowModel[i] !== m) continue;
      attempts++;
      // NaN in any attempt makes the sum unknown, which is what NaN addition does.
      cost += t.costUsd[i]!;
      latency += t.latencyMs[i]!;
      estimated |= t.costEstimated[i]!;
    }
    this.callCostUsd = cost;
    this.callLatencyMs = latency;
    this.callEstimated = estimated;
    this.callAttempts = attempts;
  }

  /** A one-model decision (chosen directly or sampled with probability p). */
  private single(r: number, m: number, p: number): void {
    this.wanted[r] = m;
    const row = this.call(r, m);
    if (row < 0) return this.refuseUnsupported(r, p);
    this.calls[m]! += this.callAttempts;
    this.settle(r, m, row, this.callCostUsd, this.callLatencyMs, this.callEstimated, p);
    if (this.observes) this.tell(m, row);
  }

  /** FrugalGPT-style cascade: call each model in turn, paying every call, until the accept rule says yes. */
  private cascade(r: number, c: PreparedCascade): void {
    this.wanted[r] = CHOSEN_UNSUPPORTED;
    let costUsd = 0,
      latencyMs = 0,
      estimated = 0;
    const n = c.codes.length;
    for (let i = 0; i < n; i++) {
      const m = c.codes[i]!;
      const row = this.call(r, m);
      // A cascade step the trace cannot answer makes the whole request unsupported, its spend unknown.
      if (row < 0) return this.refuseUnsupported(r, 1);
      costUsd += this.callCostUsd;
      latencyMs += this.callLatencyMs;
      estimated |= this.callEstimated;
      this.calls[m]! += this.callAttempts;
      if (this.observes) this.tell(m, row);
      if (i === n - 1 || this.accepts(c, row, r, i)) return this.settle(r, m, row, costUsd, latencyMs, estimated, 1);
    }
  }

  /** Whether the accept rule takes the answer in `row`; a failed call is never accepted. */
  private accepts(c: PreparedCascade, row: number, r: number, step: number): boolean {
    const t = this.trace;
    if (t.status[row] !== OK) return false;
    const rule = c.rule;
    if (rule.type === 'noisy-judge') {
      // RouterBench's judge: the truth (quality ≥ threshold; unknown quality counts as below) flipped
      // with probability errorRate. The draw of step i is the same across ε values (common random numbers).
      const truth = t.quality[row]! >= rule.threshold;
      return keyedUniform(this.drawKey, t.requestIds[r]!, 1 + step) < rule.errorRate ? !truth : truth;
    }
    // The score is a column of the answer's (final attempt's) row.
    const scores = c.scores!;
    const code = scores.codes[row]!;
    return code >= 0 && scores.values[code]! >= rule.threshold;
  }

  private settle(
    r: number,
    m: number,
    row: number,
    costUsd: number,
    latencyMs: number,
    estimated: number,
    p: number,
  ): void {
    this.chosen[r] = m;
    this.quality[r] = this.trace.quality[row]!;
    this.costUsd[r] = costUsd;
    this.latencyMs[r] = latencyMs;
    this.costEstimated[r] = estimated;
    this.propensity[r] = p;
    if (this.trace.status[row] !== OK) this.errors++;
    if (costUsd === costUsd) this.ctx.spentUsd += costUsd;
  }

  private refuseUnsupported(r: number, p: number): void {
    this.chosen[r] = CHOSEN_UNSUPPORTED;
    this.quality[r] = NaN;
    this.costUsd[r] = NaN;
    this.costEstimated[r] = 0;
    this.latencyMs[r] = NaN;
    this.propensity[r] = p;
    this.unsupported++;
  }

  /** Bandit feedback for a call just made (only when the policy listens). */
  private tell(m: number, row: number): void {
    const f = this.feedback;
    f.model = this.world.catalog[m]!.model;
    f.quality = this.trace.quality[row]!;
    f.costUsd = this.callCostUsd;
    f.latencyMs = this.callLatencyMs;
    f.status = STATUSES[this.trace.status[row]!]!;
    this.policy.observe!(f);
  }

  private codeOf(model: unknown, codes: ReadonlyMap<string, number>): number {
    const m = typeof model === 'string' ? codes.get(model) : undefined;
    if (m === undefined) {
      const names = this.world.catalog.map((c) => c.model);
      const known = names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
      throw new Refusal(`returned unknown model ${JSON.stringify(model)}; the trace's models are ${known}`);
    }
    return m;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
