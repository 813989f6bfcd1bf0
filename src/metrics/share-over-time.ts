/**
 * Model share per time bucket, for traces with arrival times: how a policy's mix would have moved over the
 * period (a budget policy drifting to cheap models late in the month, a latency router chasing outages).
 */
import { CHOSEN_ERROR, CHOSEN_UNSUPPORTED, type RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import type { ShareOverTimeBucket } from './types.ts';

const MINUTE = 60_000;
/** Bucket widths tried in order; the first giving at most `maxBuckets` buckets is used. */
const WIDTHS_MS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  60 * MINUTE,
  6 * 60 * MINUTE,
  24 * 60 * MINUTE,
  7 * 24 * 60 * MINUTE,
  30 * 24 * 60 * MINUTE,
];

/** The earliest and latest known arrival (epoch ms); undefined when fewer than two distinct times are known. */
export function timeRange(trace: Trace): { readonly loMs: number; readonly hiMs: number } | undefined {
  let lo = Infinity,
    hi = -Infinity;
  for (const t of trace.requestTimestampMs)
    if (!Number.isNaN(t)) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  return hi > lo ? { loMs: lo, hiMs: hi } : undefined;
}

/**
 * The counts behind `shareOverTime`, over buckets fixed by `range` (the whole trace's, also for a shard of it):
 * requests and decided requests per bucket, and decided requests per bucket × model code (row-major). Counts
 * of request-disjoint shards over one range add up to the whole trace's.
 */
export interface ShareCounts {
  readonly widthMs: number;
  readonly firstBucket: number;
  readonly requests: readonly number[];
  readonly decided: readonly number[];
  readonly counts: readonly number[];
}

/** The bucket counts of a run over `range` (see ShareCounts). */
export function shareCounts(
  trace: Trace,
  run: RunDecisions,
  range: { readonly loMs: number; readonly hiMs: number },
  maxBuckets = 24,
): ShareCounts {
  const { loMs: lo, hiMs: hi } = range;
  const width =
    WIDTHS_MS.find((w) => Math.floor(hi / w) - Math.floor(lo / w) + 1 <= maxBuckets) ??
    WIDTHS_MS[WIDTHS_MS.length - 1]!;
  const first = Math.floor(lo / width);
  const B = Math.floor(hi / width) - first + 1;
  const M = trace.modelNames.length;
  const counts = new Array<number>(B * M).fill(0),
    requests = new Array<number>(B).fill(0),
    decided = new Array<number>(B).fill(0);
  for (let r = 0; r < trace.requestCount; r++) {
    const t = trace.requestTimestampMs[r]!;
    if (Number.isNaN(t)) continue;
    const b = Math.floor(t / width) - first;
    requests[b]!++;
    const m = run.chosen[r]!;
    if (m === CHOSEN_UNSUPPORTED || m === CHOSEN_ERROR) continue;
    counts[b * M + m]!++;
    decided[b]!++;
  }
  return { widthMs: width, firstBucket: first, requests, decided, counts };
}

/** The buckets of `shareOverTime` from their counts; empty buckets are left out. */
export function shareBuckets(c: ShareCounts, modelNames: readonly string[]): ShareOverTimeBucket[] {
  const M = modelNames.length;
  const buckets: ShareOverTimeBucket[] = [];
  for (let b = 0; b < c.requests.length; b++) {
    if (c.requests[b] === 0) continue;
    const modelShare: Record<string, number> = {};
    for (let m = 0; m < M; m++)
      if (c.counts[b * M + m]! > 0) modelShare[modelNames[m]!] = c.counts[b * M + m]! / c.decided[b]!;
    buckets.push({
      start: new Date((c.firstBucket + b) * c.widthMs).toISOString(),
      requests: c.requests[b]!,
      modelShare,
    });
  }
  return buckets;
}

/**
 * Buckets of equal width aligned to UTC (epoch multiples), each with its request count and the share of
 * decided requests per model (the model that answered; unsupported and failed requests are not shares).
 * Undefined when fewer than two distinct arrival times are known.
 */
export function shareOverTime(trace: Trace, run: RunDecisions, maxBuckets = 24): ShareOverTimeBucket[] | undefined {
  const range = timeRange(trace);
  return range && shareBuckets(shareCounts(trace, run, range, maxBuckets), trace.modelNames);
}
