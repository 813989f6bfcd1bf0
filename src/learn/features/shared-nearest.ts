/**
 * One neighbour index per training prompt list, shared by every knn policy built on it, with each prompt's
 * neighbours searched once. A λ sweep replays 25 knn policies that differ only in λ over the same test
 * prompts and the same training trace: without sharing, the held-out comparison of `routelab train`
 * rebuilt the index 25 times and searched every test prompt 25 times (40 of its 60 CPU seconds on
 * routellm-mmlu). Policies are made from spec strings (`makePolicy`), so nothing above them can hand one
 * index around: the sharing keys on the training prompts array itself (a trace's columns are never
 * mutated), through the policy kit's `sharedValue`, so the index goes when the trace does.
 */
import { sharedValue } from '../../policy/shared-cache.ts';
import { NearestPrompts } from './nearest-prompts.ts';

/** Prompts whose neighbours are remembered per k (~150 bytes each): beyond this a query is searched again. */
const MAX_REMEMBERED = 1 << 18;

/** A neighbour search whose answers are remembered per (k, prompt): same results as NearestPrompts.query. */
export class NeighbourMemo {
  private readonly byK = new Map<number, Map<string, Uint32Array>>();

  constructor(readonly index: NearestPrompts) {}

  /**
   * Writes up to `out.length` nearest training prompts of `text` into `out` (as NearestPrompts.query does)
   * and returns how many. Answers are pure functions of the index and the text, so remembering them
   * changes no result.
   */
  query(text: string, out: Uint32Array): number {
    let memo = this.byK.get(out.length);
    if (!memo) this.byK.set(out.length, (memo = new Map()));
    const known = memo.get(text);
    if (known) {
      out.set(known);
      return known.length;
    }
    const n = this.index.query(text, out);
    if (memo.size < MAX_REMEMBERED) memo.set(text, out.slice(0, n));
    return n;
  }
}

/** The neighbour search over `prompts` with `buckets` hashed slots, built on first use and then reused. */
export function sharedNearestPrompts(prompts: readonly (string | undefined)[], buckets: number): NeighbourMemo {
  return sharedValue(prompts, `nearest:${buckets}`, () => new NeighbourMemo(new NearestPrompts(prompts, buckets)));
}
