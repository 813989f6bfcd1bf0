import { PolicyError } from '../core/errors.ts';
import { KeyedDraws, drawKey } from '../core/keyed-draw.ts';
import { createRng, hashString } from '../core/rng.ts';
import type { Decision, Feedback, Policy } from '../policy/types.ts';
import { failuresScoreZero, outcomeQuality } from '../traces/outcome.ts';
import { STATUSES, type Trace } from '../traces/trace.ts';
import {
  describe,
  errorMessage,
  modelCode,
  prepareCascade,
  prepareWeights,
  Refusal,
  type PreparedCascade,
  type PreparedWeights,
} from './prepare-decision.ts';
import { type RunColumns, voidRequests } from './run-columns.ts';
import { RequestRng } from './request-rng.ts';
import { CallReader } from './call-reader.ts';
import { cascadeAccepts } from './cascade-accept.ts';
import { type RunCarry, RunContext } from './run-context.ts';
import type { ReplayWorld } from './replay-world.ts';
import { CHOSEN_UNSUPPORTED, type RunDecisions } from './types.ts';

const OK = STATUSES.indexOf('ok');

/**
 * Replays one policy over the world and returns its per-request outcomes. Never throws for policy faults:
 * a throw or an invalid decision ends the run with `failure` set (a PolicyError naming the
 * policy and request), so the caller's other runs still complete. `carry`: one chunk of a streamed replay.
 */
export async function runPolicy(
  world: ReplayWorld,
  policy: Policy,
  seed: number,
  columns: RunColumns,
  carry?: RunCarry,
): Promise<RunDecisions> {
  // One stream per policy name: a policy's draws do not depend on which other policies run beside it.
  const rng = createRng((seed ^ hashString(policy.name)) >>> 0);
  const initRng = rng.fork();
  // Decisions draw from per-request streams keyed by request id (request-rng.ts), not from one sequence.
  const requestRng = new RequestRng(rng.int(0x100000000), world.trace.requestIds, world.idHashes);
  const run = new PolicyRun(world, policy, requestRng, columns, drawKey(seed, policy.name));
  if (!carry?.initialized) {
    try {
      await policy.init?.({ catalog: world.catalog, train: world.train, rng: initRng });
    } catch (err) {
      run.voidFrom(0);
      return run.result(new PolicyError(policy.name, undefined, errorMessage(err), { cause: err, phase: 'init' }));
    }
  }
  return run.result(run.decideAll(carry));
}

/** The hot loop and its outputs. Plain fields and methods (no closures) keep V8's inline caches monomorphic. */
class PolicyRun {
  private readonly trace: Trace;
  private readonly reader: CallReader;
  private readonly failZero: boolean;
  private readonly ctx: RunContext;
  private readonly draws: KeyedDraws;
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
  // Lowest error rate of a simulated (noisy) judge any cascade decision used; NaN while none did.
  judgeErrorRate = NaN;
  // Read once after init: a policy without observe costs the hot loop one boolean test.
  private observes = false;

  constructor(
    private readonly world: ReplayWorld,
    private readonly policy: Policy,
    rng: RequestRng,
    columns: RunColumns,
    // The replay's own draws (weights, noisy judges) are keyed by (seed, policy, request id), not taken
    // from a stream: a request gets the same draw whole, sharded (--shard) or reordered.
    drawKey: string,
  ) {
    this.trace = world.trace;
    this.draws = new KeyedDraws(drawKey, world.trace.requestIds);
    this.reader = new CallReader(world.trace, world.cells);
    this.failZero = failuresScoreZero(world.trace);
    this.ctx = new RunContext(world.catalog, rng);
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

  result(failure: PolicyError | undefined): RunDecisions {
    const { chosen, quality, costUsd, costEstimated, latencyMs, propensity, wanted, calls, unsupported, errors } = this;
    const columns = { chosen, quality, costUsd, costEstimated, latencyMs, propensity, wanted };
    const simulated = Number.isNaN(this.judgeErrorRate) ? {} : { simulated: { judgeErrorRate: this.judgeErrorRate } };
    return {
      policy: this.policy.name,
      ...columns,
      calls,
      unsupported,
      errors,
      ...(failure ? { failure } : {}),
      ...simulated,
    };
  }

  /** Marks the requests from replay position k on as not decided (the policy failed before them). */
  voidFrom(k: number): void {
    voidRequests(this, this.world.order, k);
  }

  /** Decides every request in replay order; returns the failure, if the policy failed. */
  decideAll(carry?: RunCarry): PolicyError | undefined {
    const { policy, ctx, world } = this;
    if (carry) ctx.spentUsd = carry.spentUsd;
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
        ctx.rng.moveTo(r);
        ctx.nowMs = timestampMs[r]!;
        let d: Decision;
        try {
          d = policy.decide(view, ctx);
        } catch (err) {
          throw new Refusal(`decide threw: ${errorMessage(err)}`, { cause: err });
        }
        const type = (d as Decision | undefined)?.type;
        if (type === 'model') {
          if (d !== d0) {
            const code = d === d1 ? code1 : modelCode(this.world.catalog, (d as { model: string }).model, codes);
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
            weights = prepareWeights(w, (name) => modelCode(this.world.catalog, name, codes));
            lastWeights = w;
          }
          const j = weights.pick(this.draws.uniform(r, 0));
          this.single(r, weights.codes[j]!, weights.probability[j]!);
        } else if (type === 'cascade') {
          if (d !== lastCascade || !cascade) {
            cascade = prepareCascade(
              d as Extract<Decision, { type: 'cascade' }>,
              (name) => modelCode(this.world.catalog, name, codes),
              this.trace,
            );
            lastCascade = d;
            const rule = cascade.rule;
            if (rule.type === 'noisy-judge' && !(rule.errorRate >= this.judgeErrorRate))
              this.judgeErrorRate = rule.errorRate;
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
      const requestId = this.trace.requestIds[order[k]!];
      return new PolicyError(policy.name, requestId, err.message, { cause: err.cause, phase: err.phase });
    }
    world.progress(R);
    if (carry) carry.spentUsd = ctx.spentUsd;
    return undefined;
  }

  /** A one-model decision (chosen directly or sampled with probability p). */
  private single(r: number, m: number, p: number): void {
    this.wanted[r] = m;
    const c = this.reader;
    const row = c.call(r, m);
    if (row < 0) return this.refuseUnsupported(r, p);
    this.calls[m]! += c.attempts;
    this.settle(r, m, row, c.costUsd, c.latencyMs, c.estimated, p);
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
      const row = this.reader.call(r, m);
      // A cascade step the trace cannot answer makes the whole request unsupported, its spend unknown.
      if (row < 0) return this.refuseUnsupported(r, 1);
      costUsd += this.reader.costUsd;
      latencyMs += this.reader.latencyMs;
      estimated |= this.reader.estimated;
      this.calls[m]! += this.reader.attempts;
      if (this.observes) this.tell(m, row);
      if (i === n - 1 || cascadeAccepts(this.trace, this.draws, c, row, r, i))
        return this.settle(r, m, row, costUsd, latencyMs, estimated, 1);
    }
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
    this.quality[r] = outcomeQuality(this.trace, row, this.failZero);
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
    f.costUsd = this.reader.costUsd;
    f.latencyMs = this.reader.latencyMs;
    f.status = STATUSES[this.trace.status[row]!]!;
    try {
      this.policy.observe!(f);
    } catch (err) {
      // A throw here used to escape the run and end the whole replay with a stack trace.
      throw new Refusal(`observe threw: ${errorMessage(err)}`, { cause: err }, 'observe');
    }
  }
}
