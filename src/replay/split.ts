import { ConfigError } from '../core/errors.ts';
import { splitRequests } from '../traces/split-requests.ts';
import type { Trace } from '../traces/trace.ts';
import { subsetTrace } from './subset-trace.ts';

/**
 * `--split <fraction>`: round(fraction × n) requests of each task to `train`, the rest to `test`, ranked by a
 * seeded hash of their ids (`splitRequests`); both keep trace order.
 */
export function splitByRequest(trace: Trace, fraction: number, seed: number): { train: Trace; test: Trace } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new ConfigError(
      `--split: expected a training fraction strictly between 0 and 1, got ${fraction}; e.g. --split 0.5`,
    );
  }
  const [train, test] = splitRequests(trace, [fraction], seed) as [Uint32Array, Uint32Array];
  if (train.length === 0 || test.length === 0) {
    const empty = train.length === 0 ? 'train' : 'test';
    throw new ConfigError(
      `--split ${fraction}: the trace's ${trace.requestCount} requests leave ${empty} empty; ` +
        'use a fraction nearer 0.5 or a larger trace',
    );
  }
  return { train: subsetTrace(trace, train), test: subsetTrace(trace, test) };
}
