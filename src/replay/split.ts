import { ConfigError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import type { Trace } from '../traces/trace.ts';
import { subsetTrace } from './subset-trace.ts';

export interface SplitOptions {
  /** Split each task separately so train and test keep the task mix (`--split` with `--by task`). */
  readonly stratifyByTask?: boolean;
}

/**
 * Splits by request (never by row, so a request's models stay together): a seeded shuffle puts
 * round(fraction × n) requests of each stratum in `train`, the rest in `test`; both keep trace order.
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
  const rng = createRng(seed);
  const strata = new Map<number, number[]>();
  for (let r = 0; r < trace.requestCount; r++) {
    const key = options.stratifyByTask ? trace.requestTask[r]! : 0;
    let list = strata.get(key);
    if (!list) strata.set(key, (list = []));
    list.push(r);
  }
  const inTrain = new Uint8Array(trace.requestCount);
  for (const key of [...strata.keys()].sort((a, b) => a - b)) {
    const list = strata.get(key)!;
    // Fisher–Yates with the seeded rng; the first round(fraction × n) go to train.
    for (let i = list.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
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
