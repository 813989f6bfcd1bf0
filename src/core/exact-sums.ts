import { ExactSum } from './exact-sum.ts';

/**
 * `n` exact sums side by side, for hot loops that add each value to one of many totals (per model, per sweep
 * bucket). Each sum is ExactSum's correctly rounded total, kept as a cascade of two doubles: a value is added to
 * `hi` by TwoSum (Knuth), the exact rounding error to `lo` the same way, and only an error of that second sum
 * (rare: it needs the errors to span more than 53 bits) goes to an ExactSum. `hi + lo + rest` is then exactly
 * the sum of the values, so `value(k)` equals ExactSum's value of the same multiset — in a third of its time on
 * values that sum without error (0/1 qualities) and half of it otherwise.
 */
export class ExactSums {
  private readonly hi: Float64Array;
  private readonly lo: Float64Array;
  private readonly rest: (ExactSum | undefined)[];

  constructor(n: number) {
    this.hi = new Float64Array(n);
    this.lo = new Float64Array(n);
    this.rest = new Array<ExactSum | undefined>(n).fill(undefined);
  }

  /** Adds a finite value to sum k (callers skip NaN, which means "unknown"). */
  add(k: number, v: number): void {
    const s = this.hi[k]!;
    const t = s + v;
    const bv = t - s;
    const e = s - (t - bv) + (v - bv);
    this.hi[k] = t;
    if (e !== 0) this.addError(k, e);
  }

  private addError(k: number, e: number): void {
    const s = this.lo[k]!;
    const t = s + e;
    const be = t - s;
    const e2 = s - (t - be) + (e - be);
    this.lo[k] = t;
    if (e2 !== 0) (this.rest[k] ??= new ExactSum()).add(e2);
  }

  /** Sum k as an ExactSum (to combine with others without rounding). */
  exact(k: number): ExactSum {
    const out = new ExactSum(this.rest[k]?.partials() ?? []);
    out.add(this.lo[k]!);
    out.add(this.hi[k]!);
    return out;
  }

  /**
   * Sum k, correctly rounded: the value ExactSum gives for the same values, except that a sum of only −0s is +0
   * here (the totals start at +0; no result can show the difference, JSON writes both as 0).
   */
  value(k: number): number {
    if (this.lo[k] === 0 && this.rest[k] === undefined) return this.hi[k]!;
    return this.exact(k).value();
  }
}
