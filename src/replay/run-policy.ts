import { PolicyError } from '../core/errors.ts';
import { createRng, hashString } from '../core/rng.ts';
import type { AcceptRule, CatalogModel, Decision, DecideContext, Feedback, Policy } from '../policy/types.ts';
import { STATUSES, type TagColumn, type Trace } from '../traces/trace.ts';
import type { CellIndex } from './cell-index.ts';
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

interface PreparedWeights { readonly codes: Int32Array; readonly cumulative: Float64Array; readonly total: number }
interface PreparedCascade { readonly codes: Int32Array; readonly rule: AcceptRule; readonly scores: TagColumn | undefined }

const OK = STATUSES.indexOf('ok');

/** Thrown inside the loop and turned into the run's failure; carries the detail for the PolicyError. */
class Refusal extends Error {}

/**
 * Replays one policy over the world and returns its per-request outcomes. Never throws for policy faults:
 * a throw or an invalid decision ends the run with `failure` set (a PolicyError message naming the
 * policy and request), so the caller's other runs still complete.
 */
export async function runPolicy(world: ReplayWorld, policy: Policy, seed: number): Promise<RunDecisions> {
  const { trace, cells, order, catalog, codes, view } = world;
  const R = trace.requestCount;
  const M = cells.modelCount;
  const cell = cells.cell;
  const out = {
    chosen: new Int32Array(R).fill(CHOSEN_ERROR), quality: new Float64Array(R).fill(NaN),
    costUsd: new Float64Array(R).fill(NaN), costEstimated: new Uint8Array(R), latencyMs: new Float64Array(R).fill(NaN),
    propensity: new Float64Array(R).fill(NaN), calls: new Float64Array(M),
  };
  let unsupported = 0;
  let errors = 0;
  // One stream per policy name: a policy's draws do not depend on which other policies run beside it.
  const rng = createRng((seed ^ hashString(policy.name)) >>> 0);
  const initRng = rng.fork();
  const ctx: { catalog: readonly CatalogModel[]; nowMs: number; spentUsd: number; rng: typeof rng } =
    { catalog, nowMs: NaN, spentUsd: 0, rng: rng.fork() };
  const decideCtx: DecideContext = ctx;
  const feedback: { -readonly [K in keyof Feedback]: Feedback[K] } =
    { request: view, model: '', quality: NaN, costUsd: NaN, latencyMs: NaN, status: 'ok' };
  const observe = policy.observe?.bind(policy);

  const finish = (failure?: string): RunDecisions => ({ policy: policy.name, ...out, unsupported, errors, ...(failure === undefined ? {} : { failure }) });

  try {
    await policy.init?.({ catalog, train: world.train, rng: initRng });
  } catch (err) {
    return finish(new PolicyError(policy.name, undefined, `init failed: ${message(err)}`, { cause: err }).message);
  }

  // Scratch for the current call: set by `call`, read right after.
  let callCostUsd = 0, callLatencyMs = 0, callEstimated = 0, callAttempts = 1;
  /** Outcome of calling model m on request r: the final attempt's row (or -1 when the trace has none). */
  const call = (r: number, m: number): number => {
    const row = cell[r * M + m]!;
    if (row < 0) return -1;
    if (cells.hasRetries && trace.attempt[row]! > 1) {
      // Retries: the caller paid and waited for every attempt; quality and status are the last one's.
      callCostUsd = 0; callLatencyMs = 0; callEstimated = 0; callAttempts = 0;
      for (let i = trace.requestRowStart[r]!, end = trace.requestRowStart[r + 1]!; i < end; i++) {
        if (trace.rowModel[i] !== m) continue;
        callAttempts++;
        callCostUsd += trace.costUsd[i]!;
        callLatencyMs += trace.latencyMs[i]!;
        callEstimated |= trace.costEstimated[i]!;
      }
    } else {
      callCostUsd = trace.costUsd[row]!;
      callLatencyMs = trace.latencyMs[row]!;
      callEstimated = trace.costEstimated[row]!;
      callAttempts = 1;
    }
    return row;
  };
  const tell = (m: number, row: number): void => {
    if (!observe) return;
    feedback.model = catalog[m]!.model;
    feedback.quality = trace.quality[row]!;
    feedback.costUsd = callCostUsd;
    feedback.latencyMs = callLatencyMs;
    feedback.status = STATUSES[trace.status[row]!]!;
    observe(feedback);
  };
  const settle = (r: number, m: number, row: number, costUsd: number, latencyMs: number, estimated: number, p: number): void => {
    out.chosen[r] = m;
    out.quality[r] = trace.quality[row]!;
    out.costUsd[r] = costUsd;
    out.latencyMs[r] = latencyMs;
    out.costEstimated[r] = estimated;
    out.propensity[r] = p;
    if (trace.status[row] !== OK) errors++;
    if (costUsd === costUsd) ctx.spentUsd += costUsd;
  };
  const refuseUnsupported = (r: number, p: number): void => {
    out.chosen[r] = CHOSEN_UNSUPPORTED;
    out.propensity[r] = p;
    unsupported++;
  };
  const codeOf = (model: unknown): number => {
    const m = typeof model === 'string' ? codes.get(model) : undefined;
    if (m === undefined) {
      const known = catalog.length > 8 ? `${catalog.slice(0, 8).map((c) => c.model).join(', ')}, …` : catalog.map((c) => c.model).join(', ');
      throw new Refusal(`returned unknown model ${JSON.stringify(model)}; the trace's models are ${known}`);
    }
    return m;
  };

  let lastModelName = '', lastModelCode = -1;
  let lastWeights: object | undefined, weights: PreparedWeights | undefined;
  let lastCascade: object | undefined, cascade: PreparedCascade | undefined;
  let k = 0;
  try {
    for (; k < R; k++) {
      const r = order[k]!;
      view.moveTo(r);
      ctx.nowMs = view.timestampMs;
      let d: Decision;
      try {
        d = policy.decide(view, decideCtx);
      } catch (err) {
        throw new Refusal(`decide threw: ${message(err)}`, { cause: err });
      }
      const type = (d as Decision | undefined)?.type;
      if (type === 'model') {
        const name = (d as { model: string }).model;
        let m = lastModelCode;
        if (name !== lastModelName) {
          m = codeOf(name);
          lastModelName = name;
          lastModelCode = m;
        }
        const row = call(r, m);
        if (row < 0) refuseUnsupported(r, 1);
        else {
          out.calls[m]! += callAttempts;
          settle(r, m, row, callCostUsd, callLatencyMs, callEstimated, 1);
          tell(m, row);
        }
      } else if (type === 'weights') {
        const w = (d as { weights: Readonly<Record<string, number>> }).weights;
        if (w !== lastWeights || !weights) {
          weights = prepareWeights(w, codeOf);
          lastWeights = w;
        }
        const u = ctx.rng.next() * weights.total;
        const cum = weights.cumulative;
        let j = 0;
        while (j < cum.length - 1 && u >= cum[j]!) j++;
        const m = weights.codes[j]!;
        const p = (cum[j]! - (j > 0 ? cum[j - 1]! : 0)) / weights.total;
        const row = call(r, m);
        if (row < 0) refuseUnsupported(r, p);
        else {
          out.calls[m]! += callAttempts;
          settle(r, m, row, callCostUsd, callLatencyMs, callEstimated, p);
          tell(m, row);
        }
      } else if (type === 'cascade') {
        if (d !== lastCascade || !cascade) {
          cascade = prepareCascade(d as Extract<Decision, { type: 'cascade' }>, codeOf, trace);
          lastCascade = d;
        }
        runCascade(r, cascade);
      } else {
        throw new Refusal(`decide returned ${describe(d)}; expected {type: 'model' | 'weights' | 'cascade', …}`);
      }
      if ((k & 0x3fff) === 0x3fff) world.progress(k + 1);
    }
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    const r = order[k]!;
    for (let j = k; j < R; j++) {
      const q = order[j]!;
      out.chosen[q] = CHOSEN_ERROR;
      out.quality[q] = NaN;
      out.costUsd[q] = NaN;
      out.latencyMs[q] = NaN;
    }
    world.progress(R);
    return finish(new PolicyError(policy.name, trace.requestIds[r], err.message, { cause: err.cause }).message);
  }
  world.progress(R);
  return finish();

  /** FrugalGPT-style cascade: call each model in turn, paying every call, until the accept rule says yes. */
  function runCascade(r: number, c: PreparedCascade): void {
    let costUsd = 0, latencyMs = 0, estimated = 0;
    const n = c.codes.length;
    for (let i = 0; i < n; i++) {
      const m = c.codes[i]!;
      const row = call(r, m);
      if (row < 0) {
        // A cascade step the trace cannot answer makes the whole request unsupported, its spend unknown.
        refuseUnsupported(r, 1);
        return;
      }
      costUsd += callCostUsd;
      latencyMs += callLatencyMs;
      estimated |= callEstimated;
      out.calls[m]! += callAttempts;
      tell(m, row);
      if (i === n - 1 || accepts(c, row)) {
        settle(r, m, row, costUsd, latencyMs, estimated, 1);
        return;
      }
    }
  }

  /** Whether the accept rule takes the answer in `row`; a failed call is never accepted. */
  function accepts(c: PreparedCascade, row: number): boolean {
    if (trace.status[row] !== OK) return false;
    const rule = c.rule;
    if (rule.type === 'noisy-judge') {
      // RouterBench's judge: the truth (quality ≥ threshold; unknown quality counts as below) flipped
      // with probability errorRate. One draw per judged call keeps the stream aligned across ε values.
      const truth = trace.quality[row]! >= rule.threshold;
      return ctx.rng.next() < rule.errorRate ? !truth : truth;
    }
    const code = c.scores!.codes[row]!;
    return code >= 0 && Number(c.scores!.values[code]) >= rule.threshold;
  }
}

function prepareWeights(w: Readonly<Record<string, number>>, codeOf: (m: unknown) => number): PreparedWeights {
  if (typeof w !== 'object' || w === null) throw new Refusal(`returned weights ${describe(w)}; expected {model: weight, …}`);
  const names = Object.keys(w);
  const codes = new Int32Array(names.length);
  const cumulative = new Float64Array(names.length);
  let total = 0;
  names.forEach((name, i) => {
    const v = w[name]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Refusal(`returned weight ${describe(v)} for ${name}; expected a finite number ≥ 0`);
    codes[i] = codeOf(name);
    total += v;
    cumulative[i] = total;
  });
  if (!(total > 0)) throw new Refusal('returned weights that sum to 0; give at least one model a positive weight');
  return { codes, cumulative, total };
}

function prepareCascade(d: Extract<Decision, { type: 'cascade' }>, codeOf: (m: unknown) => number, trace: Trace): PreparedCascade {
  if (!Array.isArray(d.models) || d.models.length === 0) throw new Refusal(`returned a cascade without models; expected models: [cheap, …, strong]`);
  const codes = Int32Array.from(d.models, (m) => codeOf(m));
  const rule = d.accept;
  if (rule?.type === 'noisy-judge') {
    if (!(rule.errorRate >= 0 && rule.errorRate <= 1) || Number.isNaN(rule.threshold)) {
      throw new Refusal(`returned a noisy-judge accept rule with errorRate ${rule.errorRate} and threshold ${rule.threshold}; expected errorRate in [0, 1] and a numeric threshold`);
    }
    return { codes, rule, scores: undefined };
  }
  if (rule?.type === 'score-threshold') {
    const scores = trace.tags.find((t) => t.name === rule.column);
    if (!scores) throw new Refusal(`cascade accept rule reads score column "${rule.column}", which the trace does not have; its extra columns are ${trace.tags.map((t) => t.name).join(', ') || 'none'}`);
    return { codes, rule, scores };
  }
  throw new Refusal(`returned a cascade with accept rule ${describe(rule)}; expected {type: 'noisy-judge' | 'score-threshold', …}`);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
