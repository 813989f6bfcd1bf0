import { ExactSum } from '../core/exact-sum.ts';
import { ExactSums } from '../core/exact-sums.ts';
import type { TwoModelScores } from '../policy/types.ts';
import { failuresScoreZero } from '../traces/outcome.ts';
import type { Trace } from '../traces/trace.ts';
import { CallReader } from './call-reader.ts';
import { buildCellIndex } from './cell-index.ts';

/** The sums a run's quality, cost and model shares are made of, for one threshold value. */
export interface ThresholdTotals {
  /** Exact (correctly rounded) sum of the known qualities, as summarize's. */
  readonly qualitySum: number;
  readonly qualityKnown: number;
  /** Exact sum of the known costs. */
  readonly costTotal: number;
  readonly costKnown: number;
  /** Calls (attempts) made to each model, as a run's `calls`. */
  readonly strongCalls: number;
  readonly weakCalls: number;
}

export interface ThresholdSweep {
  /** One per threshold, in the order given. */
  readonly totals: ThresholdTotals[];
  /** The per-request qualities a replay at threshold t records (NaN: unknown or unsupported), into `out`. */
  qualityAt(t: number, out: Float64Array): Float64Array;
}

/**
 * Every point of a threshold sweep at once, for a policy that is "strong when score ≥ t, else weak"
 * (TwoModelScores) — NumPy's searchsorted + bincount + cumsum: each request's outcomes on the two models are read
 * once (as the replay reads a call: final attempt, retries paid), the request is placed among the sorted
 * thresholds by binary search, its numbers added to that bucket's exact sums, and prefix sums over the buckets
 * give every threshold's totals — equal, bit for bit, to a replay and summarize per threshold (a request whose
 * chosen model has no row is unsupported: no quality, no cost, no call). O(requests · log thresholds).
 * Undefined when the pair is not two distinct models of the trace or a score is missing: the caller replays.
 */
export function twoModelSweep(
  trace: Trace,
  s: TwoModelScores,
  thresholds: readonly number[],
): ThresholdSweep | undefined {
  const strong = trace.modelNames.indexOf(s.strong);
  const weak = trace.modelNames.indexOf(s.weak);
  const R = trace.requestCount;
  if (strong < 0 || weak < 0 || strong === weak || s.score.length !== R) return undefined;
  const sorted = Float64Array.from(thresholds).sort();
  const P = sorted.length;
  // Bucket b holds the requests with exactly b thresholds ≤ score: strong at sorted thresholds 0 … b−1.
  const qualitySum = new ExactSums(2 * (P + 1)),
    costSum = new ExactSums(2 * (P + 1));
  const qualityKnown = new Float64Array(2 * (P + 1)),
    costKnown = new Float64Array(2 * (P + 1)),
    calls = new Float64Array(2 * (P + 1));
  const sums: Sums = { quality: qualitySum, qualityKnown, cost: costSum, costKnown, calls };
  const qs = new Float64Array(R),
    qw = new Float64Array(R);
  const padded = new Float64Array(2 ** Math.ceil(Math.log2(P + 1))).fill(Infinity);
  padded.set(sorted);
  const finite = sorted.filter(Number.isFinite);
  const low = finite[0] ?? 0,
    high = finite[finite.length - 1] ?? 0;
  // One cell when the finite thresholds span no range (then every score is searched).
  const scale = high > low ? GRID_CELLS / (high - low) : 0;
  const grid = Uint32Array.from({ length: scale > 0 ? GRID_CELLS : 1 }, (_, c) =>
    countAtMost(padded, low + c / scale, P),
  );
  const last = grid.length - 1;
  const cells = buildCellIndex(trace);
  const reader = new CallReader(trace, cells);
  // A regular trace's calls are single rows at known positions: read them directly, not through the reader.
  const slotOf = cells.regular ? [cells.slot[strong]!, cells.slot[weak]!] : undefined;
  const failZero = failuresScoreZero(trace);
  const { quality, status, costUsd, requestRowStart: start } = trace;
  for (let r = 0; r < R; r++) {
    const x = s.score[r]!;
    // The cell of x in a fine grid over the finite thresholds gives b but for the thresholds inside that cell
    // (usually none): step over a few, and fall back to the search when there are more (tied thresholds) or
    // rounding put x in a neighbouring cell.
    const c = (x - low) * scale;
    // NaN (an infinite score on a zero-width grid) and anything below go to cell 0, above to the last.
    let b = grid[c >= 0 ? (c < last ? Math.floor(c) : last) : 0]!;
    for (let step = 0; step < 4 && b < P && padded[b]! <= x; step++) b++;
    if ((b < P && padded[b]! <= x) || (b > 0 && padded[b - 1]! > x)) b = countAtMost(padded, x, P);
    // Each call as the replay reads it: the final attempt's row, every attempt paid; no row: unsupported.
    for (let side = 0; side < 2; side++) {
      const row = slotOf ? start[r]! + slotOf[side]! : reader.call(r, side === 0 ? strong : weak);
      const v = row < 0 ? NaN : failZero && status[row] !== 0 ? 0 : quality[row]!;
      if (side === 0) qs[r] = v;
      else qw[r] = v;
      if (row < 0) continue;
      // Side s of bucket b is entry 2b + s of the sums: one set of arrays for both sides.
      const k = 2 * b + side;
      if (v === v) {
        qualitySum.add(k, v);
        qualityKnown[k]!++;
      }
      const x = slotOf ? costUsd[row]! : reader.costUsd;
      if (x === x) {
        costSum.add(k, x);
        costKnown[k]!++;
      }
      calls[k]! += slotOf ? 1 : reader.attempts;
    }
  }
  // Threshold j sends buckets j+1 … P strong and 0 … j weak: a prefix of W and a suffix of S.
  const weakUpTo = prefixes(sums, 1, 0, P);
  const strongFrom = prefixes(sums, 0, P, 0);
  const bySorted: ThresholdTotals[] = [];
  for (let j = 0; j < P; j++) {
    const w = weakUpTo[j]!,
      st = strongFrom[j + 1]!;
    const sum = (a: ExactSum, b: ExactSum): number => {
      const out = new ExactSum(a.partials());
      out.addAll(b);
      return out.value();
    };
    bySorted.push({
      qualitySum: sum(w.quality, st.quality),
      qualityKnown: w.qualityKnown + st.qualityKnown,
      costTotal: sum(w.cost, st.cost),
      costKnown: w.costKnown + st.costKnown,
      strongCalls: st.calls,
      weakCalls: w.calls,
    });
  }
  // Back to the caller's order (equal thresholds share a result).
  const totals = thresholds.map((t) => {
    let lo = 0,
      hi = P;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return bySorted[lo]!;
  });
  return {
    totals,
    qualityAt: (t, out) => {
      for (let r = 0; r < R; r++) out[r] = s.score[r]! >= t ? qs[r]! : qw[r]!;
      return out;
    },
  };
}

/** Cells of the grid that places a score among the thresholds before any search (see the sweep loop). */
const GRID_CELLS = 4096;

/**
 * How many of the P sorted thresholds are ≤ x: a binary search over `padded` (the thresholds, then +∞ up to a
 * power of two) whose steps add 0 or h by a mask instead of branching — the branchy search mispredicted on
 * every other step and took most of the sweep's time.
 */
function countAtMost(padded: Float64Array, x: number, P: number): number {
  let b = 0;
  for (let h = padded.length >> 1; h > 0; h >>= 1) b += h & -+(padded[b + h - 1]! <= x);
  b += 1 & -+(padded[b]! <= x);
  // An infinite score counts the padding too.
  return Math.min(b, P);
}

/** Per-bucket exact sums and counts: side s (0 strong, 1 weak) of bucket b at entry 2b + s. */
interface Sums {
  readonly quality: ExactSums;
  readonly qualityKnown: Float64Array;
  readonly cost: ExactSums;
  readonly costKnown: Float64Array;
  readonly calls: Float64Array;
}

/** Running totals of one side over buckets `from` … k (stepping towards `to`), for each k, exact. */
interface Running {
  readonly quality: ExactSum;
  readonly qualityKnown: number;
  readonly cost: ExactSum;
  readonly costKnown: number;
  readonly calls: number;
}

function prefixes(sums: Sums, side: number, from: number, to: number): Running[] {
  const out: Running[] = [];
  const step = to >= from ? 1 : -1;
  const quality = new ExactSum(),
    cost = new ExactSum();
  let qualityKnown = 0,
    costKnown = 0,
    calls = 0;
  for (let b = from; b !== to + step; b += step) {
    const k = 2 * b + side;
    quality.addAll(sums.quality.exact(k));
    cost.addAll(sums.cost.exact(k));
    qualityKnown += sums.qualityKnown[k]!;
    costKnown += sums.costKnown[k]!;
    calls += sums.calls[k]!;
    out[b] = {
      quality: new ExactSum(quality.partials()),
      qualityKnown,
      cost: new ExactSum(cost.partials()),
      costKnown,
      calls,
    };
  }
  return out;
}
