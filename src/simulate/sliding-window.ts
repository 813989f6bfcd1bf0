/**
 * Sums of (time, amount) entries over the sliding window (t − widthMs, t]: what a provider's rpm / tpm
 * limit counts. Entries arrive in time order, so expired ones leave from the front of a ring buffer.
 */
export class SlidingWindow {
  private timeMs = new Float64Array(64);
  private amount = new Float64Array(64);
  private head = 0;
  private count = 0;
  private sum = 0;

  constructor(private readonly widthMs: number) {}

  /** Total of the entries still inside the window ending at `nowMs`. */
  totalAt(nowMs: number): number {
    const cap = this.timeMs.length;
    while (this.count > 0 && this.timeMs[this.head]! <= nowMs - this.widthMs) {
      this.sum -= this.amount[this.head]!;
      this.head = (this.head + 1) % cap;
      this.count--;
    }
    // Exact zero once empty: repeated float subtraction must not leave a residue that refuses a call.
    if (this.count === 0) this.sum = 0;
    return this.sum;
  }

  /** Forgets every entry (a cooldown restarts LiteLLM's failure count). */
  clear(): void {
    [this.head, this.count, this.sum] = [0, 0, 0];
  }

  add(nowMs: number, amount: number): void {
    if (this.count === this.timeMs.length) this.grow();
    const i = (this.head + this.count) % this.timeMs.length;
    this.timeMs[i] = nowMs;
    this.amount[i] = amount;
    this.count++;
    this.sum += amount;
  }

  private grow(): void {
    const cap = this.timeMs.length;
    const t = new Float64Array(cap * 2),
      a = new Float64Array(cap * 2);
    for (let k = 0; k < this.count; k++) {
      t[k] = this.timeMs[(this.head + k) % cap]!;
      a[k] = this.amount[(this.head + k) % cap]!;
    }
    [this.timeMs, this.amount, this.head] = [t, a, 0];
  }
}
