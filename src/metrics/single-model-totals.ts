/**
 * always-<model> for every model at once, as totals: per model code, the exact sums of quality and cost over the
 * requests it answers — what `slicePartialOf(singleModelDecisions(trace, model))` gives, without building a run
 * per model. One pass over the trace's rows; on a regular trace (every request lists every model once, in one
 * order: cell-index.ts) the pass walks blocks of requests column by column, keeping each model's sums in
 * registers. Traces with retries (a cell with several attempts) are left to the per-model runs, which fold them.
 */
import { ExactSums } from '../core/exact-sums.ts';
import { regularSlots } from '../replay/cell-index.ts';
import { qualityNeedsStatus } from '../traces/failed-calls.ts';
import { failuresScoreZero } from '../traces/outcome.ts';
import type { Trace } from '../traces/trace.ts';
import { costStats, qualityStats, slicePartialOf } from './merge.ts';
import { singleModelDecisions } from './references.ts';

/** Sums of always-<model> per model code (index = model code). */
export interface SingleModelTotals {
  readonly requests: number;
  readonly qualitySum: Float64Array;
  readonly qualityKnown: Float64Array;
  readonly costTotal: Float64Array;
  readonly costKnown: Float64Array;
}

/** Requests per block of the column-wise walk: a block's rows stay in cache while each model reads them. */
const BLOCK = 1024;

/** The totals of every always-<model>, or undefined when a cell has retries (see the file comment). */
export function singleModelTotals(trace: Trace): SingleModelTotals | undefined {
  const M = trace.modelNames.length;
  const quality = new ExactSums(M),
    cost = new ExactSums(M);
  const qualityKnown = new Float64Array(M),
    costKnown = new Float64Array(M);
  const slot = regularSlots(trace);
  const ok = slot ? addRegular(trace, slot, quality, cost, qualityKnown, costKnown) : addRows(trace, quality, cost);
  if (!ok) return undefined;
  if (!slot) countKnown(trace, qualityKnown, costKnown);
  return {
    requests: trace.requestCount,
    qualitySum: Float64Array.from({ length: M }, (_, m) => quality.value(m)),
    qualityKnown,
    costTotal: Float64Array.from({ length: M }, (_, m) => cost.value(m)),
    costKnown,
  };
}

/** Mean quality (null when none known) and cost per request with a known cost, of always-<model>, per model code. */
export interface SingleModelMeans {
  readonly quality: readonly (number | null)[];
  readonly costPerRequestUsd: readonly number[];
}

/** The SingleModelMeans of a trace: from the totals, or from one run per model when the trace has retries. */
export function singleModelMeans(trace: Trace): SingleModelMeans {
  const t = singleModelTotals(trace);
  if (!t) {
    const partials = trace.modelNames.map((m) => slicePartialOf(singleModelDecisions(trace, m)));
    return {
      quality: partials.map((p) => qualityStats(p, null).mean),
      costPerRequestUsd: partials.map((p) => costStats(p).perRequest),
    };
  }
  // The same divisions as qualityStats and costStats.
  return {
    quality: Array.from(t.qualitySum, (s, m) => (t.qualityKnown[m]! > 0 ? s / t.qualityKnown[m]! : null)),
    costPerRequestUsd: Array.from(t.costTotal, (s, m) => (t.costKnown[m]! > 0 ? s / t.costKnown[m]! : 0)),
  };
}

/** Regular trace: row of (r, m) is r·M + slot[m]; blocks of requests, one model at a time. */
function addRegular(
  trace: Trace,
  slot: Int32Array,
  quality: ExactSums,
  cost: ExactSums,
  qualityKnown: Float64Array,
  costKnown: Float64Array,
): boolean {
  const M = slot.length,
    R = trace.requestCount;
  const sums = { quality, cost, qualityKnown, costKnown };
  // outcomeQuality: a failed call scores 0 in a graded trace (the status is read only if some call failed).
  const status = qualityNeedsStatus(trace) ? trace.status : undefined;
  for (let r0 = 0; r0 < R; r0 += BLOCK) {
    const end = Math.min(R, r0 + BLOCK) * M;
    for (let m = 0; m < M; m++) addCells(trace, status, r0 * M + slot[m]!, end, M, m, sums);
  }
  return true;
}

/**
 * Adds model m's quality and cost cells from `from` to `end` (every `stride`-th row) to its sums; NaN skipped, a
 * failed call's quality 0 where `failed` is given. Each sum is kept exactly in two local doubles (a TwoSum
 * cascade, as ExactSums does), so the loop touches no array but its inputs, and the quality and cost chains are
 * independent: the processor overlaps them.
 */
function addCells(
  trace: Trace,
  failed: Uint8Array | undefined,
  from: number,
  end: number,
  stride: number,
  m: number,
  s: { quality: ExactSums; cost: ExactSums; qualityKnown: Float64Array; costKnown: Float64Array },
): void {
  const q = trace.quality,
    c = trace.costUsd;
  let qHi = 0,
    qLo = 0,
    qn = 0,
    cHi = 0,
    cLo = 0,
    cn = 0;
  for (let i = from; i < end; i += stride) {
    const v = failed !== undefined && failed[i] !== 0 ? 0 : q[i]!;
    if (v === v) {
      qn++;
      const t = qHi + v;
      const bv = t - qHi;
      const e = qHi - (t - bv) + (v - bv);
      qHi = t;
      if (e !== 0) {
        const t2 = qLo + e;
        const be = t2 - qLo;
        const e2 = qLo - (t2 - be) + (e - be);
        qLo = t2;
        if (e2 !== 0) s.quality.add(m, e2);
      }
    }
    const x = c[i]!;
    if (x === x) {
      cn++;
      const t = cHi + x;
      const bx = t - cHi;
      const e = cHi - (t - bx) + (x - bx);
      cHi = t;
      if (e !== 0) {
        const t2 = cLo + e;
        const be = t2 - cLo;
        const e2 = cLo - (t2 - be) + (e - be);
        cLo = t2;
        if (e2 !== 0) s.cost.add(m, e2);
      }
    }
  }
  s.quality.add(m, qHi);
  s.quality.add(m, qLo);
  s.cost.add(m, cHi);
  s.cost.add(m, cLo);
  s.qualityKnown[m]! += qn;
  s.costKnown[m]! += cn;
}

/** Any trace: rows in file order; false at the first cell with a second row (retries). */
function addRows(trace: Trace, quality: ExactSums, cost: ExactSums): boolean {
  const M = trace.modelNames.length;
  // The last request each model had a row in: rows are grouped by request, so a repeat means a retry.
  const seen = new Int32Array(M).fill(-1);
  const q = trace.quality,
    c = trace.costUsd,
    status = trace.status,
    model = trace.rowModel,
    start = trace.requestRowStart;
  const failZero = failuresScoreZero(trace);
  for (let r = 0; r < trace.requestCount; r++) {
    for (let i = start[r]!, end = start[r + 1]!; i < end; i++) {
      const m = model[i]!;
      if (seen[m] === r) return false;
      seen[m] = r;
      const v = failZero && status[i] !== 0 ? 0 : q[i]!;
      if (v === v) quality.add(m, v);
      const x = c[i]!;
      if (x === x) cost.add(m, x);
    }
  }
  return true;
}

/** Known counts for the row-order pass (kept apart so that pass stays small). */
function countKnown(trace: Trace, qualityKnown: Float64Array, costKnown: Float64Array): void {
  const failZero = failuresScoreZero(trace);
  for (let i = 0; i < trace.rowCount; i++) {
    const m = trace.rowModel[i]!;
    if ((failZero && trace.status[i] !== 0) || trace.quality[i] === trace.quality[i]) qualityKnown[m]!++;
    if (trace.costUsd[i] === trace.costUsd[i]) costKnown[m]!++;
  }
}
