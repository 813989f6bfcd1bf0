import { Dict, grow } from './growable.ts';
import type { RowBatch } from './row-batch.ts';
import { NUMERIC, type NumericKey } from './row-input.ts';

/** A tag column being built: its dictionary and one code per row (-1 = empty). */
export interface TagBuild {
  readonly dict: Dict;
  codes: Int32Array;
}

/**
 * The per-row columns of a trace being built, growing by doubling (finish() copies them to exact size).
 * A numeric column with no value yet is a length-0 array: absent columns (4 of 9 in a typical log) then
 * cost no memory while reading, and storing NaN past the end of one is a no-op.
 */
export class RowColumns {
  n = 0;
  cap = 1024;
  request = new Uint32Array(this.cap);
  model = new Uint32Array(this.cap);
  numbers = Object.fromEntries(NUMERIC.map(([k]) => [k, new Float64Array(0)])) as Record<NumericKey, Float64Array>;
  status = new Uint8Array(this.cap);
  attempt = new Uint32Array(this.cap);
  source = new Uint16Array(this.cap);
  line = new Uint32Array(this.cap);
  tokensEstimated = new Uint8Array(this.cap);
  readonly tags = new Map<string, TagBuild>();
  sawStatus = false;
  sawAttempt = false;

  /** Room for `rows` more rows; `exact` when `rows` is known (no doubling slack, no copy at finish). */
  reserve(rows: number, exact = false): void {
    const need = this.n + rows;
    if (need <= this.cap) return;
    const cap = exact ? need : Math.max(need, this.cap * 2);
    this.request = grow(this.request, cap);
    this.model = grow(this.model, cap);
    for (const [k] of NUMERIC) if (this.numbers[k].length > 0) this.numbers[k] = grow(this.numbers[k], cap);
    this.status = grow(this.status, cap);
    this.attempt = grow(this.attempt, cap);
    this.source = grow(this.source, cap);
    this.line = grow(this.line, cap);
    this.tokensEstimated = grow(this.tokensEstimated, cap);
    for (const t of this.tags.values()) {
      const old = t.codes.length;
      t.codes = grow(t.codes, cap);
      t.codes.fill(-1, old);
    }
    this.cap = cap;
  }

  /** Gives a column its rows, NaN (absent) for the `rows` already added. */
  materialize(k: NumericKey, rows: number): Float64Array {
    const a = new Float64Array(this.cap).fill(NaN, 0, rows);
    this.numbers[k] = a;
    return a;
  }

  /** The tag column `name`, created empty (every row so far -1) on first use. */
  tag(name: string): TagBuild {
    let t = this.tags.get(name);
    if (!t) {
      t = { dict: new Dict(), codes: new Int32Array(this.cap).fill(-1) };
      this.tags.set(name, t);
    }
    return t;
  }

  /** Copies a batch's row columns in as blocks (request-level values are the builder's business). */
  append(b: RowBatch, source: number): void {
    const start = this.n;
    const end = start + b.rows;
    this.reserve(b.rows);
    this.request.set(b.request, start);
    this.model.set(b.model, start);
    for (const [k] of NUMERIC) {
      const v = b.numbers[k];
      let col = this.numbers[k];
      if (v === undefined) {
        col.fill(NaN, start, Math.min(end, col.length));
        continue;
      }
      if (col.length === 0) {
        if (!v.some((x) => x === x)) continue;
        col = this.materialize(k, start);
      }
      col.set(v, start);
    }
    if (b.status) {
      this.status.set(b.status, start);
      if (!this.sawStatus) this.sawStatus = b.status.some((s) => s !== 0);
    }
    if (b.attempt) {
      const a = this.attempt;
      for (let i = 0; i < b.rows; i++) {
        a[start + i] = b.attempt[i]!;
        if (b.attempt[i] !== 1) this.sawAttempt = true;
      }
    } else this.attempt.fill(1, start, end);
    this.source.fill(source, start, end);
    this.line.set(b.line, start);
    if (b.tokensEstimated) this.tokensEstimated.set(b.tokensEstimated, start);
    if (b.tags) for (const [name, codes] of b.tags) this.tag(name).codes.set(codes, start);
    this.n = end;
  }
}
