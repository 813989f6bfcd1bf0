import type { DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';
import { parseTimestamp } from '../parse-values.ts';
import type { OutputColumn } from './duckdb-sql.ts';

/**
 * The values of one DuckDB chunk, copied out of native memory: typed arrays for numbers and codes,
 * strings only where the builder needs them (a prompt only on the first row of a run of one request).
 */
export interface ChunkValues {
  readonly rows: number;
  /** Per output column: a typed array, a string array, or undefined for a column skipped here. */
  readonly columns: (Float64Array | Int32Array | Uint8Array | Int8Array | (string | undefined)[])[];
}

// The pinned @duckdb/node-api exposes a vector's typed array only as a private field; reading it directly
// avoids boxing each value (getItem) and is checked by the engine-agreement tests.
function items<T>(v: DuckDBVector): T {
  return (v as unknown as { items: T }).items;
}

interface RawStrings {
  dataView: DataView;
  validity: { itemValid(i: number): boolean };
}

/**
 * A VARCHAR vector's strings. Decoding is the costly part, and a column often repeats the value of the
 * row before (a request's id on its 10 model rows), so a row whose 16-byte string header equals the one
 * before reuses its string: equal inline bytes, or equal length, prefix and pointer, are equal strings.
 */
function strings(v: DuckDBVector, n: number): (string | null)[] {
  const { dataView: d, validity } = v as unknown as RawStrings;
  const out = new Array<string | null>(n);
  let a = -1,
    b = -1,
    c = -1,
    e = -1;
  let prev: string | null = null;
  for (let i = 0; i < n; i++) {
    if (!validity.itemValid(i)) {
      out[i] = null;
      a = -1;
      continue;
    }
    const o = i * 16;
    const a1 = d.getInt32(o, true),
      b1 = d.getInt32(o + 4, true),
      c1 = d.getInt32(o + 8, true),
      e1 = d.getInt32(o + 12, true);
    if (a1 !== a || b1 !== b || c1 !== c || e1 !== e) {
      prev = v.getItem(i) as string;
      a = a1;
      b = b1;
      c = c1;
      e = e1;
    }
    out[i] = prev;
  }
  return out;
}

/** Reads one chunk; returns a reason string when a cell is malformed (the file then goes to the JS reader). */
export class ChunkReader {
  private lastTimestampText: string | null = null;
  private lastTimestamp = NaN;
  private lastRequest: string | undefined;
  private lastHadPrompt = false;

  constructor(private readonly outputs: readonly OutputColumn[]) {}

  read(chunk: DuckDBDataChunk): ChunkValues | string {
    const n = chunk.rowCount;
    const columns: ChunkValues['columns'] = [];
    const requestAt = this.outputs.findIndex((o) => o.kind === 'id' && o.name === 'request_id');
    const requests = strings(chunk.getColumnVector(requestAt), n);
    for (const [c, out] of this.outputs.entries()) {
      const v = chunk.getColumnVector(c);
      if (out.kind === 'breaks' || out.kind === 'quotes') columns.push(items<Int32Array>(v).slice(0, n));
      else if (out.kind === 'number' || out.kind === 'timestamp-epoch') {
        const a = items<Float64Array>(v).slice(0, n);
        for (let i = 0; i < n; i++) if (a[i]! < 0) return `a malformed ${out.name} value`;
        columns.push(a);
      } else if (out.kind === 'status') {
        const a = items<Uint8Array>(v).slice(0, n);
        if (a.includes(255)) return 'a malformed status value';
        columns.push(a);
      } else if (out.kind === 'flag') {
        const a = items<Int8Array>(v).slice(0, n);
        if (a.includes(-1)) return `a malformed ${out.name} value`;
        columns.push(a);
      } else if (out.kind === 'id') {
        const s = out.name === 'request_id' ? requests : strings(v, n);
        if (s.some((x) => x === null || x === '')) return `an empty ${out.name}`;
        columns.push(s as string[]);
      } else if (out.kind === 'timestamp-text') {
        const t = this.timestamps(v, chunk.getColumnVector(c + 1));
        if (typeof t === 'string') return t;
        columns.push(t);
      } else if (out.kind === 'skip') {
        columns.push([]);
      } else if (out.kind === 'text' && out.name === 'prompt') columns.push(this.prompts(v, requests));
      else columns.push(strings(v, n).map((s) => s ?? ''));
    }
    return { rows: n, columns };
  }

  /**
   * SQL converts plain UTC ISO times (epoch ms, NULL otherwise); any other cell is parsed here by the JS
   * reader's own parser, so a timestamp means exactly what it means there.
   */
  private timestamps(epoch: DuckDBVector, text: DuckDBVector): Float64Array | string {
    const out = items<Float64Array>(epoch).slice(0, text.itemCount);
    const { validity } = epoch as unknown as RawStrings;
    for (let i = 0; i < out.length; i++) {
      if (validity.itemValid(i)) continue;
      const s = text.getItem(i) as string | null;
      if (s !== this.lastTimestampText) {
        const t = parseTimestamp(s ?? '');
        if (typeof t !== 'number') return 'a malformed timestamp';
        this.lastTimestampText = s;
        this.lastTimestamp = t;
      }
      out[i] = this.lastTimestamp;
    }
    return out;
  }

  /**
   * A request keeps the first prompt it is given, so a row repeating the request of the row before
   * (which already had a prompt) needs none: long prompts are decoded about once per request.
   */
  private prompts(v: DuckDBVector, requests: (string | null)[]): (string | undefined)[] {
    const out = new Array<string | undefined>(requests.length);
    for (let i = 0; i < requests.length; i++) {
      const r = requests[i]!;
      if (r === this.lastRequest && this.lastHadPrompt) continue;
      const p = v.getItem(i) as string | null;
      out[i] = p === null || p === '' ? undefined : p;
      this.lastHadPrompt = out[i] !== undefined;
      this.lastRequest = r;
    }
    return out;
  }
}
