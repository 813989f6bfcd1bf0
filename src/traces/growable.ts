/** A string dictionary: each distinct value gets the next code, in order of first appearance. */
export class Dict {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(s);
      this.index.set(s, c);
    }
    return c;
  }
}

/** `a`, or a copy at least `n` long (doubling, so appends stay amortised O(1)). */
export function grow<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (len: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
