/**
 * The references shown beside every comparison (docs/ARCHITECTURE.md, "Policies"): always-<model> for each model, the
 * best of them,
 * and the per-request oracle. Computed straight from the trace, not through a policy, so they are exact.
 */
import { LabError } from '../core/errors.ts';
import type { Trace } from '../traces/trace.ts';
import { modelCode } from '../traces/trace.ts';
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../replay/types.ts';
import type { ModelOutcomes } from '../traces/model-outcomes.ts';
import { decisionsFrom } from './outcome-decisions.ts';
import { oracleFromRows } from './oracle-rows.ts';
import { summarize, type SummarizeOptions } from './summarize.ts';
import type { RunResult } from './types.ts';

/** Decisions of `always:<model>`: that model's outcome per request, unsupported where it has no row. */
export function singleModelDecisions(trace: Trace, model: string): RunDecisions {
  const m = modelCode(trace, model);
  if (m < 0)
    throw new LabError(
      `always:${model}: expected a model of the trace (${trace.modelNames.join(', ')}), got "${model}"`,
    );
  return singlesOf(trace, [m])[0]!;
}

/** always-<model> decisions for the model codes `models`, in one pass over the trace (in `reuse`'s columns). */
export function singlesOf(trace: Trace, models: readonly number[], reuse?: readonly RunDecisions[]): RunDecisions[] {
  const names = models.map((m) => `always:${trace.modelNames[m]}`);
  const choose = (o: ModelOutcomes, k: number): number =>
    o.attempts[models[k]!]! > 0 ? models[k]! : CHOSEN_UNSUPPORTED;
  return decisionsFrom(trace, names, choose, reuse);
}

/** `a` strictly better than `b` for the oracle: higher quality, then cheaper, then faster (unknowns last). */
function oracleBetter(o: ModelOutcomes, a: number, b: number): boolean {
  if (o.quality[a] !== o.quality[b]) return o.quality[a]! > o.quality[b]!;
  const ca = nanLast(o.costUsd[a]!),
    cb = nanLast(o.costUsd[b]!);
  if (ca !== cb) return ca < cb;
  const la = nanLast(o.latencyMs[a]!),
    lb = nanLast(o.latencyMs[b]!);
  if (la !== lb) return la < lb;
  return a < b;
}

const nanLast = (v: number): number => (Number.isNaN(v) ? Infinity : v);

/**
 * Decisions of the oracle: per request, among models whose outcome has known quality, the best quality,
 * then the cheapest, then the fastest, then the lowest model code; unsupported when no quality is known.
 */
export function oracleDecisions(trace: Trace, reuse?: RunDecisions): RunDecisions {
  return oracleFromRows(trace) ?? oracleFromOutcomes(trace, reuse);
}

/** The oracle over each request's folded outcomes (retries summed): any trace, one closure call per request. */
export function oracleFromOutcomes(trace: Trace, reuse?: RunDecisions): RunDecisions {
  return decisionsFrom(
    trace,
    ['oracle'],
    (o) => {
      let best = CHOSEN_UNSUPPORTED;
      for (let k = 0; k < o.presentCount; k++) {
        const m = o.present[k]!;
        if (Number.isNaN(o.quality[m]!)) continue;
        if (best === CHOSEN_UNSUPPORTED || oracleBetter(o, m, best)) best = m;
      }
      return best;
    },
    reuse ? [reuse] : [],
  )[0]!;
}

/**
 * Summaries of every always-<model> (trace model order), the best single model — highest mean quality,
 * ties broken by lower cost per request, then model order; models with no known quality rank last — and
 * the oracle. On a partial matrix a model's mean covers only the requests it has rows for, so a model
 * missing from a hard slice would look best by skipping it: the best single model is chosen among the
 * models with the fewest unsupported requests (every model covering all requests, when any does).
 */
export function references(
  trace: Trace,
  options: SummarizeOptions,
): { oracle: RunResult; bestSingle: RunResult; singles: RunResult[] } {
  if (trace.modelNames.length === 0)
    throw new LabError('references: expected a trace with at least one model, got an empty trace');
  // Each block's columns are lent to the next one: summaries keep no reference to them.
  let columns: RunDecisions[] = [];
  const singles = singleBlocks(trace).flatMap((block) => {
    columns = singlesOf(trace, block, columns);
    return columns.map((run) => summarize(trace, run, options));
  });
  return {
    oracle: summarize(trace, oracleDecisions(trace, columns[0]), options),
    bestSingle: bestSingleOf(singles),
    singles,
  };
}

/** The best single model among the always-<model> results (trace model order), by `references`' rule. */
export function bestSingleOf(singles: readonly RunResult[]): RunResult {
  const fewest = Math.min(...singles.map((s) => s.unsupported));
  const eligible = singles.filter((s) => s.unsupported === fewest);
  let bestSingle = eligible[0]!;
  for (const s of eligible.slice(1)) if (singleBetter(s, bestSingle)) bestSingle = s;
  return bestSingle;
}

/** Per-request bytes of one run's decision columns (RunDecisions: four Float64, one Int32, one Uint8). */
const DECISION_BYTES_PER_REQUEST = 37;
/** What the always-<model> columns built at once may hold, per trace row: one pass per block of models. */
const SINGLES_BYTES_PER_ROW = 8;

/**
 * The model codes in blocks whose decision columns together stay within SINGLES_BYTES_PER_ROW per trace row:
 * all singles at once would hold 37 bytes per request per model (37 per row on a 10-model matrix), more than
 * the trace itself; one model per pass would repeat the pass over the trace M times.
 */
function singleBlocks(trace: Trace): number[][] {
  const M = trace.modelNames.length;
  const budget =
    (SINGLES_BYTES_PER_ROW * trace.rowCount) / Math.max(1, DECISION_BYTES_PER_REQUEST * trace.requestCount);
  const size = Math.max(1, Math.floor(budget));
  const blocks: number[][] = [];
  for (let m = 0; m < M; m += size) blocks.push(Array.from({ length: Math.min(size, M - m) }, (_, k) => m + k));
  return blocks;
}

function singleBetter(a: RunResult, b: RunResult): boolean {
  const qa = a.quality.mean ?? -Infinity,
    qb = b.quality.mean ?? -Infinity;
  if (qa !== qb) return qa > qb;
  return a.costUsd.perRequest < b.costUsd.perRequest;
}
