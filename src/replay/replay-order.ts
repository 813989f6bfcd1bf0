import type { Trace } from '../traces/trace.ts';

/**
 * The order requests are shown to policies: by arrival time when every request has a timestamp (ties
 * and equal times keep trace order, the sort is stable), otherwise trace order. Stateful policies
 * (budget windows, latency EWMAs) then see traffic as it happened.
 */
export function replayOrder(trace: Trace): Uint32Array {
  const R = trace.requestCount;
  const order = new Uint32Array(R);
  for (let r = 0; r < R; r++) order[r] = r;
  const ts = trace.requestTimestampMs;
  let sorted = true;
  for (let r = 0; r < R; r++) {
    if (Number.isNaN(ts[r]!)) return order;
    if (r > 0 && ts[r]! < ts[r - 1]!) sorted = false;
  }
  if (sorted) return order;
  return Uint32Array.from([...order].sort((a, b) => ts[a]! - ts[b]! || a - b));
}
