import type { DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';
import type { TraceBuilder } from '../builder.ts';
import { parseTimestamp } from '../parse-values.ts';
import type { RowBatch } from '../row-batch.ts';
import type { NumericKey } from '../row-input.ts';
import type { OutputColumn } from './duckdb-sql.ts';
import { hasEmpty, isValid, StringCodes, validBits, vectorItems, vectorStrings } from './duckdb-vectors.ts';

const KEYS: Record<string, NumericKey | 'attempt'> = {
  quality: 'quality',
  input_tokens: 'inputTokens',
  output_tokens: 'outputTokens',
  reasoning_tokens: 'reasoningTokens',
  cached_input_tokens: 'cachedInputTokens',
  cost_usd: 'costUsd',
  latency_ms: 'latencyMs',
  ttft_ms: 'ttftMs',
  propensity: 'propensity',
  attempt: 'attempt',
};

/** The value rule of columns.ts for a numeric column (NaN = empty): whether `v` passes it. */
function passes(key: NumericKey | 'attempt', v: number): boolean {
  switch (key) {
    case 'inputTokens':
    case 'outputTokens':
    case 'reasoningTokens':
    case 'cachedInputTokens':
      return v !== v || (v >= 0 && Number.isInteger(v));
    case 'quality':
      return v !== v || (v >= 0 && v <= 1);
    case 'propensity':
      return v !== v || (v > 0 && v <= 1);
    case 'attempt':
      return v !== v || (v >= 1 && Number.isInteger(v));
    default:
      return v !== v || v >= 0;
  }
}

/**
 * The values of a numeric output column (NaN = empty, -1 = not a number: see duckdb-sql.ts), checked by the
 * rules of columns.ts; undefined when a cell is malformed.
 */
function numbers(
  out: OutputColumn,
  v: DuckDBVector,
  values: Float64Array,
): { key: NumericKey | 'attempt'; values: Float64Array } | undefined {
  const key = KEYS[(out as { name: string }).name]!;
  const n = values.length;
  values.set(vectorItems<Float64Array>(v).subarray(0, n));
  for (let i = 0; i < n; i++) if (!passes(key, values[i]!)) return undefined;
  if (key === 'attempt') for (let i = 0; i < n; i++) if (values[i] !== values[i]) values[i] = 1;
  return { key, values };
}

/** One chunk's rows, and the line breaks and quote bytes its text cells account for (CSV line checks). */
export interface ChunkRows {
  readonly batch: RowBatch;
  readonly breaks: number;
  readonly quotes: number;
}

/**
 * Turns DuckDB chunks into RowBatches for the builder: numbers copied out as typed arrays and checked in
 * bulk, ids coded through the builder's dictionaries (each distinct string decoded about once), no object
 * per row. `read` returns why the file must go to the streaming reader when a cell is malformed; it checks
 * every cell before it registers any id, so a refused chunk leaves the builder untouched.
 */
export class BatchReader {
  private readonly requests: StringCodes;
  private readonly models: StringCodes;
  private readonly tags = new Map<string, StringCodes>();
  private lastRequest = -1;
  private lastHadPrompt = false;
  private lastTimestampText: string | null = null;
  private lastTimestamp = NaN;
  // Reused from chunk to chunk (the builder copies a batch out before the next is read): no garbage per chunk.
  private readonly scratch = new Map<string, Float64Array | Uint32Array | Int32Array>();

  /** `line`: where the first record starts (2 below a header, 1 for Parquet's record numbers). */
  constructor(
    private readonly builder: TraceBuilder,
    private readonly outputs: readonly OutputColumn[],
    private line: number,
  ) {
    this.requests = new StringCodes((s) => builder.requestCode(s));
    this.models = new StringCodes((s) => builder.modelCode(s));
  }

  /** A reused array of `n` elements for the output named `name`. */
  private buffer<T extends Float64Array | Uint32Array | Int32Array>(
    name: string,
    make: new (n: number) => T,
    n: number,
  ): T {
    let a = this.scratch.get(name) as T | undefined;
    if (!a || a.length < n) {
      a = new make(Math.max(n, 2048));
      this.scratch.set(name, a);
    }
    return a.subarray(0, n) as T;
  }

  read(chunk: DuckDBDataChunk): ChunkRows | string {
    const n = chunk.rowCount;
    const { outputs } = this;
    const vector = (c: number): DuckDBVector => chunk.getColumnVector(c);
    const nums: Partial<Record<NumericKey, Float64Array>> = {};
    let attempt: Float64Array | undefined;
    let timestampMs: Float64Array | undefined;
    let status: Uint8Array | undefined;
    let tokensEstimated: Uint8Array | undefined;
    let breaks: Int32Array | undefined;
    let breakCount = 0;
    let quotes = 0;
    // Checks first: nothing reaches the builder's dictionaries from a chunk with a bad cell.
    for (const [c, out] of outputs.entries()) {
      if (out.kind === 'breaks') breaks = Int32Array.from(vectorItems<Int32Array>(vector(c)).subarray(0, n));
      else if (out.kind === 'quotes') for (const q of vectorItems<Int32Array>(vector(c)).subarray(0, n)) quotes += q;
      else if (out.kind === 'number') {
        const into = this.buffer(out.name, Float64Array, n);
        const checked = numbers(out, vector(c), into);
        if (!checked) return `a malformed ${out.name} value`;
        if (checked.key === 'attempt') attempt = checked.values;
        else nums[checked.key] = checked.values;
      } else if (out.kind === 'timestamp-epoch') {
        timestampMs = Float64Array.from(vectorItems<Float64Array>(vector(c)).subarray(0, n));
        // Times before 1970 are left to the JS reader's own rules.
        if (timestampMs.some((t) => t < 0)) return 'a malformed timestamp';
      } else if (out.kind === 'timestamp-text') {
        const t = this.timestamps(vector(c), vector(c + 1), n);
        if (typeof t === 'string') return t;
        timestampMs = t;
      } else if (out.kind === 'status') {
        status = Uint8Array.from(vectorItems<Uint8Array>(vector(c)).subarray(0, n));
        if (status.includes(255)) return 'a malformed status value';
      } else if (out.kind === 'flag') {
        const flags = vectorItems<Int8Array>(vector(c)).subarray(0, n);
        if (flags.includes(-1)) return `a malformed ${out.name} value`;
        tokensEstimated = Uint8Array.from(flags);
      } else if (out.kind === 'id' && hasEmpty(vector(c), n)) return `an empty ${out.name}`;
    }
    const line = this.buffer(' line', Uint32Array, n);
    for (let i = 0; i < n; i++) {
      line[i] = this.line;
      const b = breaks ? breaks[i]! : 0;
      breakCount += b;
      this.line += 1 + b;
    }
    const request = this.buffer(' request', Uint32Array, n);
    const model = this.buffer(' model', Uint32Array, n);
    let prompt: (string | undefined)[] | undefined;
    let task: (string | undefined)[] | undefined;
    const tags = new Map<string, Int32Array>();
    for (const [c, out] of outputs.entries()) {
      if (out.kind === 'id')
        (out.name === 'model' ? this.models : this.requests).codes(
          vector(c),
          n,
          out.name === 'model' ? model : request,
        );
      else if (out.kind === 'tag') {
        const codes = this.buffer(`tag ${out.name}`, Int32Array, n);
        this.tagCodes(out.name).codes(vector(c), n, codes);
        tags.set(out.name, codes);
      } else if (out.kind === 'text' && out.name === 'task') task = vectorStrings(vector(c), n);
    }
    // After the request codes: a prompt is decoded only where its request may still lack one.
    const p = outputs.findIndex((o) => o.kind === 'text' && o.name === 'prompt');
    if (p >= 0) prompt = this.prompts(vector(p), request, n);
    const batch: RowBatch = {
      rows: n,
      request,
      model,
      line,
      numbers: nums,
      timestampMs,
      prompt,
      task,
      status,
      attempt,
      tokensEstimated,
      tags,
    };
    return { batch, breaks: breakCount, quotes };
  }

  private tagCodes(name: string): StringCodes {
    let codes = this.tags.get(name);
    if (!codes) {
      const dict = this.builder.tagDict(name);
      codes = new StringCodes((s) => (s === '' ? -1 : dict.code(s)));
      this.tags.set(name, codes);
    }
    return codes;
  }

  /** A request keeps the first prompt it is given: a row repeating a request that had one needs none. */
  private prompts(v: DuckDBVector, request: Uint32Array, n: number): (string | undefined)[] {
    const out = new Array<string | undefined>(n);
    const bits = validBits(v);
    for (let i = 0; i < n; i++) {
      const r = request[i]!;
      if (r === this.lastRequest && this.lastHadPrompt) continue;
      const s = isValid(bits, i) ? (v.getItem(i) as string) : '';
      out[i] = s === '' ? undefined : s;
      this.lastHadPrompt = s !== '';
      this.lastRequest = r;
    }
    return out;
  }

  /**
   * SQL converts plain UTC ISO times (epoch ms, NULL otherwise); any other cell is parsed here by the JS
   * reader's own parser, so a timestamp means exactly what it means there.
   */
  private timestamps(epoch: DuckDBVector, text: DuckDBVector, n: number): Float64Array | string {
    const out = Float64Array.from(vectorItems<Float64Array>(epoch).subarray(0, n));
    const bits = validBits(epoch);
    for (let i = 0; i < n; i++) {
      if (isValid(bits, i)) continue;
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
}
