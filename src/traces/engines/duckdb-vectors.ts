import type { DuckDBVector } from '@duckdb/node-api';

// The pinned @duckdb/node-api exposes a vector's typed array, string headers and validity bits only as
// fields of its classes; reading them directly avoids boxing each value (getItem) and is checked by the
// engine-agreement tests.
interface RawVector {
  items?: ArrayLike<number>;
  dataView?: DataView;
  validity: { data: BigUint64Array | null };
}

/** A numeric vector's values (a view into native memory: copy what you keep). */
export function vectorItems<T extends ArrayLike<number>>(v: DuckDBVector): T {
  return (v as unknown as RawVector).items as T;
}

/** The vector's validity bits as bytes, bit i of byte i >> 3 per row; undefined when every row is valid. */
export function validBits(v: DuckDBVector): Uint8Array | undefined {
  const data = (v as unknown as RawVector).validity.data;
  return data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined;
}

export function isValid(bits: Uint8Array | undefined, i: number): boolean {
  return bits === undefined || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
}

const SLOTS = 4096;
const decoder = new TextDecoder();

/**
 * Dictionary codes of a VARCHAR column, decoding each distinct string about once. DuckDB stores a string in
 * a 16-byte header: its length, then either the whole string (12 bytes or fewer, zero-padded) or a prefix
 * and a pointer. Equal headers are equal strings; so a row repeating the row before (a request's id on its
 * model rows) reuses its code, and short strings (model ids, statuses, tags) are looked up by their header
 * in a small hash table instead of being decoded. `code` gives a string's code (negative for none).
 */
export class StringCodes {
  private readonly keys = new Int32Array(4 * SLOTS);
  private readonly values = new Int32Array(SLOTS).fill(-1);
  private size = 0;

  constructor(private readonly code: (s: string) => number) {}

  /** Fills `out` with the codes of the vector's `n` rows (NULL: -1); returns how many are negative. */
  codes(v: DuckDBVector, n: number, out: Uint32Array | Int32Array): number {
    const view = (v as unknown as RawVector).dataView!;
    const h = new Int32Array(view.buffer, view.byteOffset, n * 4);
    const bits = validBits(v);
    let negative = 0;
    let a = 0,
      b = 0,
      c = 0,
      d = 0,
      last = -2;
    for (let i = 0; i < n; i++) {
      if (!isValid(bits, i)) {
        out[i] = -1;
        negative++;
        last = -2;
        continue;
      }
      const o = 4 * i;
      const a1 = h[o]!,
        b1 = h[o + 1]!,
        c1 = h[o + 2]!,
        d1 = h[o + 3]!;
      if (last === -2 || a1 !== a || b1 !== b || c1 !== c || d1 !== d) {
        a = a1;
        b = b1;
        c = c1;
        d = d1;
        last = a1 <= 12 ? this.inline(view, i, a1, b1, c1, d1) : this.code(v.getItem(i) as string);
      }
      out[i] = last;
      if (last < 0) negative++;
    }
    return negative;
  }

  private inline(view: DataView, i: number, a: number, b: number, c: number, d: number): number {
    const mask = SLOTS - 1;
    let s = (Math.imul(a ^ b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ d) & mask;
    const { keys, values } = this;
    for (let code = values[s]!; code !== -1; s = (s + 1) & mask, code = values[s]!) {
      const k = 4 * s;
      if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d) return code;
    }
    const text = decoder.decode(new Uint8Array(view.buffer, view.byteOffset + 16 * i + 4, a));
    const code = this.code(text);
    // Half full at most (probes stay short); past that, strings are still coded, just not remembered.
    if (this.size < SLOTS / 2 && code >= 0) {
      keys.set([a, b, c, d], 4 * s);
      values[s] = code;
      this.size++;
    }
    return code;
  }
}

/** The strings of a VARCHAR column ('' and NULL as undefined), decoding a run of equal strings once. */
export function vectorStrings(v: DuckDBVector, n: number): (string | undefined)[] {
  const view = (v as unknown as RawVector).dataView!;
  const h = new Int32Array(view.buffer, view.byteOffset, n * 4);
  const bits = validBits(v);
  const out = new Array<string | undefined>(n);
  let prev: string | undefined;
  let o0 = -1;
  for (let i = 0; i < n; i++) {
    if (!isValid(bits, i)) continue;
    const o = 4 * i;
    const same =
      o0 >= 0 && h[o] === h[o0] && h[o + 1] === h[o0 + 1] && h[o + 2] === h[o0 + 2] && h[o + 3] === h[o0 + 3];
    if (!same) {
      const s = v.getItem(i) as string;
      prev = s === '' ? undefined : s;
      o0 = o;
    }
    out[i] = prev;
  }
  return out;
}

/** Whether any of the first `n` rows of a VARCHAR vector is NULL or the empty string. */
export function hasEmpty(v: DuckDBVector, n: number): boolean {
  const view = (v as unknown as RawVector).dataView!;
  const h = new Int32Array(view.buffer, view.byteOffset, n * 4);
  const bits = validBits(v);
  for (let i = 0; i < n; i++) if (!isValid(bits, i) || h[4 * i] === 0) return true;
  return false;
}
