import { ConfigError } from '../core/errors.ts';
import { hashString } from '../core/rng.ts';
import { compareIds } from '../traces/sorted-codes.ts';
import type { Trace } from '../traces/trace.ts';
import { subsetTrace } from './subset-trace.ts';

export interface SplitOptions {
  /** Split each task separately so train and test keep the task mix (`--split` with `--by task`). */
  readonly stratifyByTask?: boolean;
}

/**
 * Splits by request (never by row, so a request's models stay together): the round(fraction × n) requests
 * of each stratum with the lowest seeded hash of their id go to `train`, the rest to `test`; both keep
 * trace order. Keyed by id, not position, so the same rows in another order split the same way.
 */
export function splitByRequest(
  trace: Trace,
  fraction: number,
  seed: number,
  options: SplitOptions = {},
): { train: Trace; test: Trace } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new ConfigError(
      `--split: expected a training fraction strictly between 0 and 1, got ${fraction}; e.g. --split 0.5`,
    );
  }
  const strata = new Map<number, number[]>();
  for (let r = 0; r < trace.requestCount; r++) {
    const key = options.stratifyByTask ? trace.requestTask[r]! : 0;
    let list = strata.get(key);
    if (!list) strata.set(key, (list = []));
    list.push(r);
  }
  const ids = trace.requestIds;
  const rank = Uint32Array.from(ids, (id) => mix32(hashString(id, seed >>> 0)));
  const inTrain = new Uint8Array(trace.requestCount);
  for (const key of [...strata.keys()].sort((a, b) => a - b)) {
    const list = strata.get(key)!;
    list.sort((a, b) => rank[a]! - rank[b]! || compareIds(ids[a]!, ids[b]!));
    const take = Math.round(fraction * list.length);
    for (let i = 0; i < take; i++) inTrain[list[i]!] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let r = 0; r < trace.requestCount; r++) (inTrain[r] ? train : test).push(r);
  if (train.length === 0 || test.length === 0) {
    throw new ConfigError(
      `--split ${fraction}: the trace's ${trace.requestCount} requests leave ${train.length === 0 ? 'train' : 'test'} empty; use a fraction nearer 0.5 or a larger trace`,
    );
  }
  return { train: subsetTrace(trace, train), test: subsetTrace(trace, test) };
}

/** murmur3's finalizer: FNV of ids that differ in one trailing digit is too regular to rank by alone. */
function mix32(h: number): number {
  let z = h >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
