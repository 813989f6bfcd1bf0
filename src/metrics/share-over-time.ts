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

/**
 * Buckets of equal width aligned to UTC (epoch multiples), each with its request count and the share of
 * decided requests per model (the model that answered; unsupported and failed requests are not shares).
 * Undefined when fewer than two distinct arrival times are known.
 */
export function shareOverTime(trace: Trace, run: RunDecisions, maxBuckets = 24): ShareOverTimeBucket[] | undefined {
  let lo = Infinity,
    hi = -Infinity;
  for (const t of trace.requestTimestampMs)
    if (!Number.isNaN(t)) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  if (!(hi > lo)) return undefined;
  const width =
    WIDTHS_MS.find((w) => Math.floor(hi / w) - Math.floor(lo / w) + 1 <= maxBuckets) ??
    WIDTHS_MS[WIDTHS_MS.length - 1]!;
  const first = Math.floor(lo / width);
  const B = Math.floor(hi / width) - first + 1;
  const M = trace.modelNames.length;
  const counts = new Float64Array(B * M),
    requests = new Float64Array(B),
    decided = new Float64Array(B);
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
  const buckets: ShareOverTimeBucket[] = [];
  for (let b = 0; b < B; b++) {
    if (requests[b] === 0) continue;
    const modelShare: Record<string, number> = {};
    for (let m = 0; m < M; m++)
      if (counts[b * M + m]! > 0) modelShare[trace.modelNames[m]!] = counts[b * M + m]! / decided[b]!;
    buckets.push({ start: new Date((first + b) * width).toISOString(), requests: requests[b]!, modelShare });
  }
  return buckets;
}
