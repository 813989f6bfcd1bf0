import { hashString, mix32 } from '../core/rng.ts';
import { compareIds } from './sorted-codes.ts';
import type { Trace } from './trace.ts';

/**
 * Seeded split by request (never by row: a request's models stay together), stratified by task: each task's
 * requests are ranked by a seeded hash of their id (ties by id), and part k takes the next
 * round(n·(f₀+…+f_k)) − round(n·(f₀+…+f_{k−1})) of them. Keyed by id, not position: the same rows in another
 * order split the same way, and adding a task leaves every other task's parts unchanged. Returns
 * fractions.length + 1 parts of request indices (the last takes the rest), each in trace order. The one split
 * of routelab: `--split` and the learned router's train / calibration / test.
 */
export function splitRequests(trace: Trace, fractions: readonly number[], seed: number): Uint32Array[] {
  const ids = trace.requestIds;
  const rank = Uint32Array.from(ids, (id) => mix32(hashString(id, seed >>> 0)));
  const groups = new Map<number, number[]>();
  for (let r = 0; r < trace.requestCount; r++) {
    const t = trace.requestTask[r]!;
    let g = groups.get(t);
    if (!g) groups.set(t, (g = []));
    g.push(r);
  }
  const parts: number[][] = Array.from({ length: fractions.length + 1 }, () => []);
  for (const g of groups.values()) {
    g.sort((a, b) => rank[a]! - rank[b]! || compareIds(ids[a]!, ids[b]!));
    let from = 0,
      cumulative = 0;
    fractions.forEach((f, k) => {
      cumulative += f;
      const to = Math.round(g.length * cumulative);
      parts[k]!.push(...g.slice(from, to));
      from = to;
    });
    parts[fractions.length]!.push(...g.slice(from));
  }
  return parts.map((p) => Uint32Array.from(p).sort());
}
