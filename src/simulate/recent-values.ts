import { quantileSorted } from '../core/stats.ts';

/** The last `capacity` observations (a ring buffer), for "recent latency / error rate" views. */
export class RecentValues {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  add(v: number): void {
    this.values[this.next] = v;
    this.next = (this.next + 1) % this.values.length;
    if (this.count < this.values.length) this.count++;
  }

  /** Mean of the kept values, NaN when none. */
  mean(): number {
    if (this.count === 0) return NaN;
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.values[i]!;
    return s / this.count;
  }

  /** Quantile p (type 7) of the kept values, NaN when none. */
  quantile(p: number): number {
    return quantileSorted(this.values.slice(0, this.count).sort(), p);
  }

  /** Copies the kept values into `out` from `at`; returns the new end. */
  copyTo(out: Float64Array, at: number): number {
    out.set(this.values.subarray(0, this.count), at);
    return at + this.count;
  }
}
