import { createHash } from 'node:crypto';

/**
 * A uniform draw in [0, 1) that depends only on (key, k, id): the k-th draw for the request `id` of a run
 * keyed by `key` (seed and policy name). Unlike a stream, it does not depend on which requests came
 * before, so a request gets the same draw in a whole replay, in any shard of it, and in any order.
 *
 * MD5 because every SQL engine has it: the draw is `int(first 8 hex digits of md5('<key>:<k>:<id>')) / 2^32`,
 * which `routelab sql` writes out so the same replay runs on Spark SQL, Trino or BigQuery.
 */
export function keyedUniform(key: string, id: string, k: number): number {
  const hex = createHash('md5').update(`${key}:${k}:${id}`, 'utf8').digest('hex');
  return Number.parseInt(hex.slice(0, 8), 16) / 4294967296;
}

/** The key of a run's draws: its seed and policy name. */
export function drawKey(seed: number, policy: string): string {
  return `${seed >>> 0}:${policy}`;
}
