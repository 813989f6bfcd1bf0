import type { TwoModelScores } from '../policy/types.ts';
import type { Trace } from '../traces/trace.ts';

/** The sums a run's quality, cost and model shares are made of, for one threshold value. */
export interface ThresholdTotals {
  readonly qualitySum: number;
  readonly qualityKnown: number;
  readonly costTotal: number;
  readonly costKnown: number;
  readonly strongCalls: number;
  readonly weakCalls: number;
}

/**
 * Every point of a threshold sweep at once, for a policy that is "strong when score ≥ t, else weak"
 * (TwoModelScores). Each request is placed once among the sorted thresholds (binary search), its
 * strong-minus-weak differences added to that bucket, and suffix sums give every threshold's totals:
 * O(requests · log thresholds + thresholds) instead of one replay per threshold.
 * Returns undefined when the fast path would not equal a replay — a request lacking the strong or weak
 * row (unsupported) or having retries — so the caller replays instead.
 */
export function twoModelSweep(
  trace: Trace,
  s: TwoModelScores,
  thresholds: readonly number[],
): ThresholdTotals[] | undefined {
  const strong = trace.modelNames.indexOf(s.strong);
  const weak = trace.modelNames.indexOf(s.weak);
  const R = trace.requestCount;
  if (strong < 0 || weak < 0 || strong === weak || s.score.length !== R) return undefined;
  const strongRow = new Int32Array(R).fill(-1);
  const weakRow = new Int32Array(R).fill(-1);
  for (let i = 0; i < trace.rowCount; i++) {
    const m = trace.rowModel[i]!;
    const rows = m === strong ? strongRow : m === weak ? weakRow : undefined;
    if (!rows) continue;
    const r = trace.rowRequest[i]!;
    if (rows[r] !== -1) return undefined; // retries: leave them to the replay's rules
    rows[r] = i;
  }

  const sorted = Float64Array.from(thresholds).sort();
  const P = sorted.length;
  // Bucket b holds requests with exactly b thresholds ≤ score: they go strong for thresholds 0 … b−1.
  const dQuality = new Float64Array(P + 1),
    dQualityKnown = new Float64Array(P + 1);
  const dCost = new Float64Array(P + 1),
    dCostKnown = new Float64Array(P + 1),
    nStrong = new Float64Array(P + 1);
  let qualitySum = 0,
    qualityKnown = 0,
    costTotal = 0,
    costKnown = 0;
  const q = trace.quality,
    c = trace.costUsd;
  for (let r = 0; r < R; r++) {
    const ws = weakRow[r]!,
      ss = strongRow[r]!;
    if (ws < 0 || ss < 0) return undefined;
    const qw = q[ws]!,
      qs = q[ss]!,
      cw = c[ws]!,
      cs = c[ss]!;
    const x = s.score[r]!;
    let lo = 0,
      hi = P;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    // The all-weak run is the base; each bucket adds what switching its requests to strong changes.
    if (qw === qw) {
      qualitySum += qw;
      qualityKnown++;
      dQuality[lo]! -= qw;
      dQualityKnown[lo]!--;
    }
    if (qs === qs) {
      dQuality[lo]! += qs;
      dQualityKnown[lo]!++;
    }
    if (cw === cw) {
      costTotal += cw;
      costKnown++;
      dCost[lo]! -= cw;
      dCostKnown[lo]!--;
    }
    if (cs === cs) {
      dCost[lo]! += cs;
      dCostKnown[lo]!++;
    }
    nStrong[lo]!++;
  }
  // Threshold j sends buckets j+1 … P to strong.
  const bySorted: ThresholdTotals[] = new Array(P);
  let sq = 0,
    sqk = 0,
    sc = 0,
    sck = 0,
    sn = 0;
  for (let j = P - 1; j >= 0; j--) {
    sq += dQuality[j + 1]!;
    sqk += dQualityKnown[j + 1]!;
    sc += dCost[j + 1]!;
    sck += dCostKnown[j + 1]!;
    sn += nStrong[j + 1]!;
    bySorted[j] = {
      qualitySum: qualitySum + sq,
      qualityKnown: qualityKnown + sqk,
      costTotal: costTotal + sc,
      costKnown: costKnown + sck,
      strongCalls: sn,
      weakCalls: R - sn,
    };
  }
  // Back to the caller's order (equal thresholds share a result).
  return thresholds.map((t) => {
    let lo = 0,
      hi = P;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return bySorted[lo]!;
  });
}
