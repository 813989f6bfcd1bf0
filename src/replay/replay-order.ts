import { compareIds } from '../traces/sorted-codes.ts';
import type { Trace } from '../traces/trace.ts';

/**
 * The order requests are shown to policies: by arrival time when every request has a timestamp, equal
 * times by request id; otherwise by request id (numbered ids in number order, see compareIds). Stateful
 * policies (budget windows, latency EWMAs) then see traffic as it happened, and never an order that
 * depends on where the rows sit in the file.
 */
export function replayOrder(trace: Trace): Uint32Array {
  const R = trace.requestCount;
  const ids = trace.requestIds;
  const ts = trace.requestTimestampMs;
  let timed = true;
  for (let r = 0; r < R && timed; r++) if (Number.isNaN(ts[r]!)) timed = false;
  const before = timed
    ? (a: number, b: number): number => ts[a]! - ts[b]! || compareIds(ids[a]!, ids[b]!)
    : (a: number, b: number): number => compareIds(ids[a]!, ids[b]!);
  const order = new Uint32Array(R);
  let sorted = true;
  for (let r = 0; r < R; r++) {
    order[r] = r;
    if (r > 0 && sorted && before(r - 1, r) > 0) sorted = false;
  }
  if (sorted) return order;
  // Sorted in place: a plain array copy would hold ~16 bytes per request. The comparator is a total order
  // (request ids are distinct), so stability does not matter.
  return order.sort(before);
}
