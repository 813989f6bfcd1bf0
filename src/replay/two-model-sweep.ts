import { ExactSum } from '../core/exact-sum.ts';
import { ExactSums } from '../core/exact-sums.ts';
import type { TwoModelScores } from '../policy/types.ts';
import { failuresScoreZero, outcomeQuality } from '../traces/outcome.ts';
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
  const sides = [readSide(trace, strong), readSide(trace, weak)] as const;
  const sorted = Float64Array.from(thresholds).sort();
  const P = sorted.length;
  // Bucket b holds the requests with exactly b thresholds ≤ score: strong at sorted thresholds 0 … b−1.
  const bucket = new Uint32Array(R);
  for (let r = 0; r < R; r++) {
    const x = s.score[r]!;
    let lo = 0,
      hi = P;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    bucket[r] = lo;
  }
  const [S, W] = sides.map((side) => bucketSums(side, bucket, P + 1));
  // Threshold j sends buckets j+1 … P strong and 0 … j weak: a prefix of W and a suffix of S.
  const weakUpTo = prefixes(W!, 0, P);
  const strongFrom = prefixes(S!, P, 0);
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
  const [qs, qw] = [sides[0].quality, sides[1].quality];
  return {
    totals,
    qualityAt: (t, out) => {
      for (let r = 0; r < R; r++) out[r] = s.score[r]! >= t ? qs[r]! : qw[r]!;
      return out;
    },
  };
}

/** What calling one model gives each request, as the replay reads it (NaN and 0 calls where it has no row). */
interface Side {
  readonly quality: Float64Array;
  readonly cost: Float64Array;
  readonly calls: Float64Array;
}

function readSide(trace: Trace, m: number): Side {
  const R = trace.requestCount;
  const reader = new CallReader(trace, buildCellIndex(trace));
  const failZero = failuresScoreZero(trace);
  const side = { quality: new Float64Array(R), cost: new Float64Array(R), calls: new Float64Array(R) };
  for (let r = 0; r < R; r++) {
    const row = reader.call(r, m);
    side.quality[r] = row < 0 ? NaN : outcomeQuality(trace, row, failZero);
    side.cost[r] = row < 0 ? NaN : reader.costUsd;
    side.calls[r] = row < 0 ? 0 : reader.attempts;
  }
  return side;
}

/** Per-bucket exact sums and counts of one side. */
interface Sums {
  readonly quality: ExactSums;
  readonly qualityKnown: Float64Array;
  readonly cost: ExactSums;
  readonly costKnown: Float64Array;
  readonly calls: Float64Array;
}

function bucketSums(side: Side, bucket: Uint32Array, n: number): Sums {
  const out: Sums = {
    quality: new ExactSums(n),
    qualityKnown: new Float64Array(n),
    cost: new ExactSums(n),
    costKnown: new Float64Array(n),
    calls: new Float64Array(n),
  };
  const { quality: q, cost: c, calls } = side;
  for (let r = 0; r < bucket.length; r++) {
    const b = bucket[r]!;
    const v = q[r]!,
      x = c[r]!;
    if (v === v) {
      out.quality.add(b, v);
      out.qualityKnown[b]!++;
    }
    if (x === x) {
      out.cost.add(b, x);
      out.costKnown[b]!++;
    }
    out.calls[b]! += calls[r]!;
  }
  return out;
}

/** Running totals of buckets `from` … k (stepping towards `to`), for each k, exact. */
interface Running {
  readonly quality: ExactSum;
  readonly qualityKnown: number;
  readonly cost: ExactSum;
  readonly costKnown: number;
  readonly calls: number;
}

function prefixes(sums: Sums, from: number, to: number): Running[] {
  const out: Running[] = [];
  const step = to >= from ? 1 : -1;
  const quality = new ExactSum(),
    cost = new ExactSum();
  let qualityKnown = 0,
    costKnown = 0,
    calls = 0;
  for (let b = from; b !== to + step; b += step) {
    quality.addAll(sums.quality.exact(b));
    cost.addAll(sums.cost.exact(b));
    qualityKnown += sums.qualityKnown[b]!;
    costKnown += sums.costKnown[b]!;
    calls += sums.calls[b]!;
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
