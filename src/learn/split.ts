/**
 * Seeded three-way split by request (train / calibration / test), stratified by task when the trace
 * has one, so every slice is represented in each part. Rows of one request never straddle parts.
 */
import { createRng, hashString } from '../core/rng.ts';
import { ConfigError } from '../core/errors.ts';
import type { Trace } from '../traces/trace.ts';

export interface RequestSplit {
  readonly train: Uint32Array;
  readonly calibration: Uint32Array;
  readonly test: Uint32Array;
}

/** Splits request indices by `fractions` (train, calibration; test gets the rest); each part sorted. */
export function splitRequests(trace: Trace, fractions: readonly [number, number], seed: number): RequestSplit {
  const [ft, fc] = fractions;
  if (!(ft > 0) || !(fc >= 0) || ft + fc >= 1)
    throw new ConfigError(`split: expected train > 0, calibration ≥ 0 and train + calibration < 1, got ${ft}/${fc}`);
  const groups = new Map<number, number[]>();
  for (let r = 0; r < trace.requestCount; r++) {
    const t = trace.requestTask[r]!;
    let g = groups.get(t);
    if (!g) groups.set(t, (g = []));
    g.push(r);
  }
  const train: number[] = [],
    calibration: number[] = [],
    test: number[] = [];
  for (const t of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(t)!;
    // One stream per task (seeded by its name), so adding a task does not reshuffle the others.
    const rng = createRng(seed ^ hashString(t >= 0 ? trace.taskNames[t]! : ''));
    for (let i = g.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [g[i], g[j]] = [g[j]!, g[i]!];
    }
    const nt = Math.round(g.length * ft);
    const nc = Math.round(g.length * (ft + fc)) - nt;
    train.push(...g.slice(0, nt));
    calibration.push(...g.slice(nt, nt + nc));
    test.push(...g.slice(nt + nc));
  }
  const sorted = (a: number[]): Uint32Array => Uint32Array.from(a).sort();
  return { train: sorted(train), calibration: sorted(calibration), test: sorted(test) };
}
