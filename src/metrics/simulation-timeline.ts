import { quantilesInPlace } from '../core/stats.ts';
import { ERROR, OK, RATE_LIMITED, TIMEOUT } from '../simulate/attempt-log.ts';
import type { SimRun } from '../simulate/types.ts';

/** One time bucket of a simulation (epoch ms on the trace clock, [startMs, startMs + widthMs)). */
export interface SimTimelineBucket {
  readonly startMs: number;
  /** Requests arriving in the bucket. */
  readonly arrivals: number;
  /** p95 end-to-end latency of the answered requests that arrived in the bucket; null when none. */
  readonly p95LatencyMs: number | null;
  /** Time-average number of calls waiting for a slot, and being served, over all providers. */
  readonly meanQueued: number;
  readonly meanInFlight: number;
  /** Calls ending in the bucket with each failure status. */
  readonly errors: number;
  readonly timeouts: number;
  readonly rateLimited: number;
  /** Provider → share of the calls sent in the bucket (providers with none left out). */
  readonly providerShare: Readonly<Record<string, number>>;
}

/** Adds the overlap of [a, b) with each bucket to `into` (a time integral, in ms). */
function spread(into: Float64Array, t0: number, width: number, a: number, b: number): void {
  const last = into.length - 1;
  for (let k = Math.max(0, Math.floor((a - t0) / width)); k <= last; k++) {
    const lo = t0 + k * width;
    if (lo >= b) break;
    into[k]! += Math.min(b, lo + width) - Math.max(a, lo);
  }
}

/** The run cut into `buckets` equal buckets from the first arrival to the last end. */
export function simulationTimeline(run: SimRun, buckets = 60): SimTimelineBucket[] {
  const n = run.arrivalMs.length;
  if (n === 0) return [];
  let t0 = Infinity,
    t1 = -Infinity;
  for (let r = 0; r < n; r++) [t0, t1] = [Math.min(t0, run.arrivalMs[r]!), Math.max(t1, run.endMs[r]!)];
  const width = Math.max(1, (t1 - t0) / buckets);
  const at = (t: number): number => Math.min(buckets - 1, Math.floor((t - t0) / width));
  const arrivals = new Float64Array(buckets);
  const latencies: number[][] = Array.from({ length: buckets }, () => []);
  for (let r = 0; r < n; r++) {
    const k = at(run.arrivalMs[r]!);
    arrivals[k]!++;
    if (run.status[r] === OK) latencies[k]!.push(run.latencyMs[r]!);
  }
  const queued = new Float64Array(buckets),
    inFlight = new Float64Array(buckets);
  const fails = [ERROR, TIMEOUT, RATE_LIMITED].map(() => new Float64Array(buckets));
  const sent = Array.from({ length: buckets }, () => new Float64Array(run.providerNames.length));
  const c = run.calls;
  for (let a = 0; a < c.size; a++) {
    const started = !Number.isNaN(c.startMs[a]!);
    if (c.accepted[a]) spread(queued, t0, width, c.sendMs[a]!, started ? c.startMs[a]! : c.endMs[a]!);
    if (started) spread(inFlight, t0, width, c.startMs[a]!, c.endMs[a]!);
    const f = [ERROR, TIMEOUT, RATE_LIMITED].indexOf(c.status[a]!);
    if (f >= 0) fails[f]![at(c.endMs[a]!)]!++;
    sent[at(c.sendMs[a]!)]![c.provider[a]!]!++;
  }
  return Array.from({ length: buckets }, (_v, k) => {
    const total = sent[k]!.reduce((s, x) => s + x, 0);
    const providerShare: Record<string, number> = {};
    const order = run.providerNames.map((p, i) => [p, i] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    for (const [p, i] of order) if (sent[k]![i]! > 0) providerShare[p] = sent[k]![i]! / total;
    const [p95] = quantilesInPlace(Float64Array.from(latencies[k]!), [0.95]) as [number];
    return {
      startMs: t0 + k * width,
      arrivals: arrivals[k]!,
      p95LatencyMs: Number.isNaN(p95) ? null : p95,
      meanQueued: queued[k]! / width,
      meanInFlight: inFlight[k]! / width,
      errors: fails[0]![k]!,
      timeouts: fails[1]![k]!,
      rateLimited: fails[2]![k]!,
      providerShare,
    };
  });
}
