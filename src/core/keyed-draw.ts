import { hashString } from './rng.ts';

/**
 * A uniform draw in [0, 1) that depends only on (key, id, k): the k-th draw for the request `id` of a run
 * keyed by `key` (seed and policy). Unlike a stream, it does not depend on which requests came before, so
 * a request gets the same draw in a whole replay, in any shard of it, and in any order.
 */
export function keyedUniform(key: number, id: string, k: number): number {
  // FNV-1a of the id, then a murmur3-style finaliser over (hash, k) so nearby ids and k decorrelate.
  let h = (hashString(id, key >>> 0) ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
