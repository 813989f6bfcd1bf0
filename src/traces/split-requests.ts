import { createRng, hashString } from '../core/rng.ts';
import type { Trace } from './trace.ts';

/**
 * Seeded split by request (never by row: a request's models stay together), stratified by task: each task's
 * requests are shuffled by a stream seeded with the task's name, so adding a task does not reshuffle the
 * others, and part k takes round(n·(f₀+…+f_k)) − round(n·(f₀+…+f_{k−1})) of them. Returns fractions.length + 1
 * parts of request indices (the last takes the rest), each in trace order. The one split of routelab:
 * `--split` and the learned router's train / calibration / test.
 */
export function splitRequests(trace: Trace, fractions: readonly number[], seed: number): Uint32Array[] {
  const groups = new Map<number, number[]>();
  for (let r = 0; r < trace.requestCount; r++) {
    const t = trace.requestTask[r]!;
    let g = groups.get(t);
    if (!g) groups.set(t, (g = []));
    g.push(r);
  }
  const parts: number[][] = Array.from({ length: fractions.length + 1 }, () => []);
  for (const [t, g] of groups) {
    const rng = createRng(seed ^ hashString(t >= 0 ? trace.taskNames[t]! : ''));
    for (let i = g.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [g[i], g[j]] = [g[j]!, g[i]!];
    }
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
