/**
 * DDSketch (Masson, Rim & Lee, VLDB 2019): a quantile sketch with relative accuracy α. A value x > 0 falls
 * in bucket ⌈log_γ x⌉ with γ = (1+α)/(1−α), and every value of bucket i is within α of 2γ^i/(γ+1), so a
 * quantile read from the counts is within α (relative) of the true order statistic. Counts are integers,
 * so merging sketches (adding counts) is exact: the sketch of shards merged is the sketch of the whole.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

/** A sketch as written to shard files: counts of buckets offset, offset+1, … and of zeros. */
export interface SketchJson {
  readonly relativeAccuracy: number;
  readonly zeroCount: number;
  readonly offset: number;
  readonly counts: readonly number[];
}

export class DDSketch {
  private readonly gamma: number;
  private readonly lnGamma: number;
  private readonly buckets = new Map<number, number>();
  private zeros = 0;
  private n = 0;

  constructor(readonly relativeAccuracy = SKETCH_RELATIVE_ACCURACY) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
      throw new RangeError(`DDSketch: expected a relative accuracy in (0,1), got ${relativeAccuracy}`);
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.lnGamma = Math.log(this.gamma);
  }

  get count(): number {
    return this.n;
  }

  /** Adds a value ≥ 0 (latencies); `times` copies of it. */
  add(value: number, times = 1): void {
    if (!(value >= 0)) throw new RangeError(`DDSketch: expected a value >= 0, got ${value}`);
    this.n += times;
    if (value === 0) {
      this.zeros += times;
      return;
    }
    const i = Math.ceil(Math.log(value) / this.lnGamma);
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + times);
  }

  /** Adds another sketch's counts (same relative accuracy). */
  merge(other: DDSketch | SketchJson): void {
    const json = other instanceof DDSketch ? other.toJson() : other;
    if (json.relativeAccuracy !== this.relativeAccuracy)
      throw new RangeError(
        `DDSketch: expected relative accuracy ${this.relativeAccuracy}, got ${json.relativeAccuracy}`,
      );
    this.zeros += json.zeroCount;
    this.n += json.zeroCount;
    json.counts.forEach((c, k) => {
      if (c === 0) return;
      this.buckets.set(json.offset + k, (this.buckets.get(json.offset + k) ?? 0) + c);
      this.n += c;
    });
  }

  /**
   * The q-quantile (q in [0,1]) interpolated as type 7 (h = q(n−1), between the order statistics ⌊h⌋ and
   * ⌊h⌋+1, as quantileSorted does): each is read within α, so the result is within α (relative) of the
   * exact type-7 quantile. NaN when empty.
   */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const h = q * (this.n - 1);
    const k = Math.floor(h);
    const lo = this.orderStatistic(k);
    return h === k ? lo : lo + (h - k) * (this.orderStatistic(k + 1) - lo);
  }

  /** The order statistic of 0-based rank k (k < count), within α. */
  private orderStatistic(k: number): number {
    if (k < this.zeros) return 0;
    let seen = this.zeros;
    for (const i of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(i)!;
      if (seen > k) return (2 * this.gamma ** i) / (this.gamma + 1);
    }
    return NaN;
  }

  toJson(): SketchJson {
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const offset = keys.length ? keys[0]! : 0;
    const counts = keys.length ? new Array<number>(keys[keys.length - 1]! - offset + 1).fill(0) : [];
    for (const k of keys) counts[k - offset] = this.buckets.get(k)!;
    return { relativeAccuracy: this.relativeAccuracy, zeroCount: this.zeros, offset, counts };
  }

  static fromJson(json: SketchJson): DDSketch {
    const s = new DDSketch(json.relativeAccuracy);
    s.merge(json);
    return s;
  }
}
