/**
 * The simulator's one event queue: a binary min-heap on (timeMs, seq) kept in parallel typed arrays, so
 * pushing and popping allocate nothing. `seq` is the push order, which makes the order of simultaneous
 * events deterministic (first pushed, first popped) whatever the heap's internal layout.
 */
export class EventQueue {
  private timeMs = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private kind = new Uint8Array(1024);
  private data = new Int32Array(1024);
  private n = 0;
  private pushed = 0;

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event, Infinity when empty. */
  peekTimeMs(): number {
    return this.n === 0 ? Infinity : this.timeMs[0]!;
  }

  push(timeMs: number, kind: number, data: number): void {
    if (this.n === this.timeMs.length) this.grow();
    let i = this.n++;
    const s = this.pushed++;
    const t = this.timeMs,
      q = this.seq,
      k = this.kind,
      d = this.data;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t[p]! < timeMs || (t[p] === timeMs && q[p]! < s)) break;
      t[i] = t[p]!;
      q[i] = q[p]!;
      k[i] = k[p]!;
      d[i] = d[p]!;
      i = p;
    }
    t[i] = timeMs;
    q[i] = s;
    k[i] = kind;
    d[i] = data;
  }

  /** Removes the earliest event; read it first with `topKind`/`topData`/`peekTimeMs`. */
  pop(): void {
    const n = --this.n;
    if (n === 0) return;
    const t = this.timeMs,
      q = this.seq,
      k = this.kind,
      d = this.data;
    const lt = t[n]!,
      lq = q[n]!,
      lk = k[n]!,
      ld = d[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (t[r]! < t[c]! || (t[r] === t[c] && q[r]! < q[c]!))) c = r;
      if (lt < t[c]! || (lt === t[c] && lq < q[c]!)) break;
      t[i] = t[c]!;
      q[i] = q[c]!;
      k[i] = k[c]!;
      d[i] = d[c]!;
      i = c;
    }
    t[i] = lt;
    q[i] = lq;
    k[i] = lk;
    d[i] = ld;
  }

  topKind(): number {
    return this.kind[0]!;
  }

  topData(): number {
    return this.data[0]!;
  }

  private grow(): void {
    const size = this.timeMs.length * 2;
    const t = new Float64Array(size),
      q = new Float64Array(size),
      k = new Uint8Array(size),
      d = new Int32Array(size);
    t.set(this.timeMs);
    q.set(this.seq);
    k.set(this.kind);
    d.set(this.data);
    [this.timeMs, this.seq, this.kind, this.data] = [t, q, k, d];
  }
}
