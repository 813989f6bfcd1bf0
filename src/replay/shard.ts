import { ConfigError } from '../core/errors.ts';
import { hashString } from '../core/rng.ts';
import type { Trace } from '../traces/trace.ts';
import { subsetTrace } from './subset-trace.ts';

/** Shard `index` (1-based) of `count`: a request belongs to it when hash(request_id) mod count = index − 1. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(index >= 1 && count >= 1 && index <= count && count <= 65536))
    throw new ConfigError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/8), got "${text}"`);
  return { index, count };
}

/**
 * The shard a request id belongs to (0-based): FNV-1a of the id, so the assignment is the same on every
 * machine and for every reader, whatever the row order of the files.
 */
export function shardOf(requestId: string, count: number): number {
  return hashString(requestId) % count;
}

/** The trace restricted to the requests of one shard (requests keep their relative order). */
export function shardTrace(trace: Trace, shard: ShardSpec): Trace {
  if (shard.count === 1) return trace;
  const requests: number[] = [];
  for (let r = 0; r < trace.requestCount; r++)
    if (shardOf(trace.requestIds[r]!, shard.count) === shard.index - 1) requests.push(r);
  return subsetTrace(trace, requests);
}
