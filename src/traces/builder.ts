import { TraceFormatError } from '../core/errors.ts';
import { narrowColumn } from './narrow-column.ts';
import type { CanonicalColumn, NumberColumn, Status, TagColumn, Trace, TraceWarning } from './trace.ts';
import { STATUSES } from './trace.ts';

/**
 * One validated row on its way into a Trace. Readers reuse one object per file (the builder copies the
 * values out), so adding a row allocates nothing but new dictionary entries.
 */
export interface RowInput {
  requestId: string;
  model: string;
  timestampMs: number;
  prompt: string | undefined;
  task: string | undefined;
  quality: number;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  latencyMs: number;
  ttftMs: number;
  status: Status;
  propensity: number;
  attempt: number;
  /** Extra columns; empty strings are "no value". */
  tags: Record<string, string> | undefined;
  /** True when the token counts came from a tokenizer rather than the provider's usage record. */
  tokensEstimated?: boolean;
}

/** A fresh RowInput with every optional value absent (NaN / undefined), status ok, attempt 1. */
export function emptyRow(): RowInput {
  return {
    requestId: '',
    model: '',
    timestampMs: NaN,
    prompt: undefined,
    task: undefined,
    quality: NaN,
    inputTokens: NaN,
    outputTokens: NaN,
    reasoningTokens: NaN,
    cachedInputTokens: NaN,
    costUsd: NaN,
    latencyMs: NaN,
    ttftMs: NaN,
    status: 'ok',
    propensity: NaN,
    attempt: 1,
    tags: undefined,
  };
}

class Dict {
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

type NumericKey =
  | 'quality'
  | 'inputTokens'
  | 'outputTokens'
  | 'reasoningTokens'
  | 'cachedInputTokens'
  | 'costUsd'
  | 'latencyMs'
  | 'ttftMs'
  | 'propensity';
const NUMERIC: readonly [NumericKey, CanonicalColumn][] = [
  ['quality', 'quality'],
  ['inputTokens', 'input_tokens'],
  ['outputTokens', 'output_tokens'],
  ['reasoningTokens', 'reasoning_tokens'],
  ['cachedInputTokens', 'cached_input_tokens'],
  ['costUsd', 'cost_usd'],
  ['latencyMs', 'latency_ms'],
  ['ttftMs', 'ttft_ms'],
  ['propensity', 'propensity'],
];

function grow<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (len: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Accumulates rows (from one or many files) into growable columns, then groups them by request.
 * Reading a trace split into several files gives the same Trace as reading it whole.
 */
export class TraceBuilder {
  private n = 0;
  private cap = 1024;
  private readonly requests = new Dict();
  private readonly models = new Dict();
  private readonly tasks = new Dict();
  private readonly sources: string[] = [];
  private readonly tagDicts = new Map<string, { dict: Dict; codes: Int32Array }>();
  private readonly present = new Set<CanonicalColumn>(['request_id', 'model']);
  private readonly warnings = new Map<string, { message: string; count: number }>();
  private requestTimestamp = new Float64Array(1024);
  private requestTask = new Int32Array(1024);
  private readonly prompts: (string | undefined)[] = [];
  private rowRequest = new Uint32Array(this.cap);
  private rowModel = new Uint32Array(this.cap);
  private cols: Record<NumericKey, Float64Array> = Object.fromEntries(
    NUMERIC.map(([k]) => [k, new Float64Array(0)]),
  ) as Record<NumericKey, Float64Array>;
  private status = new Uint8Array(this.cap);
  private attempt = new Uint32Array(this.cap);
  private rowSource = new Uint16Array(this.cap);
  private rowLine = new Uint32Array(this.cap);
  private tokensEstimated = new Uint8Array(this.cap);
  private sawStatus = false;
  private sawAttempt = false;

  /** Registers a source file; returns its index for `add`. */
  addSource(path: string): number {
    this.sources.push(path);
    return this.sources.length - 1;
  }

  /** Counts a non-fatal issue under `code` (messages of the same code are merged). */
  warn(code: string, message: string, count = 1): void {
    const w = this.warnings.get(code);
    if (w) w.count += count;
    else this.warnings.set(code, { message, count });
  }

  get rowCount(): number {
    return this.n;
  }

  /** Copies one validated row in. `source`/`line` say where it came from, for later error messages. */
  add(row: RowInput, source: number, line: number): void {
    const i = this.n;
    if (i === this.cap) this.resize(this.cap * 2);
    const r = this.requests.code(row.requestId);
    if (r === this.prompts.length) {
      this.prompts.push(row.prompt);
      this.requestTimestamp = grow(this.requestTimestamp, r + 1);
      this.requestTask = grow(this.requestTask, r + 1);
      this.requestTimestamp[r] = row.timestampMs;
      this.requestTask[r] = row.task === undefined || row.task === '' ? -1 : this.tasks.code(row.task);
    } else {
      // Request-level values may appear on any of its rows; the first one given wins.
      if (this.prompts[r] === undefined && row.prompt !== undefined) this.prompts[r] = row.prompt;
      if (Number.isNaN(this.requestTimestamp[r]!) && !Number.isNaN(row.timestampMs))
        this.requestTimestamp[r] = row.timestampMs;
      if (this.requestTask[r] === -1 && row.task) this.requestTask[r] = this.tasks.code(row.task);
    }
    if (row.prompt !== undefined) this.present.add('prompt');
    if (!Number.isNaN(row.timestampMs)) this.present.add('timestamp');
    if (row.task) this.present.add('task');
    this.rowRequest[i] = r;
    this.rowModel[i] = this.models.code(row.model);
    // Unrolled (this runs once per row); which columns carry values is found in finish().
    const c = this.cols;
    // A column with no value yet is a length-0 array: storing NaN past its end is a no-op, the first value
    // gives it its rows (absent columns, 4 of 9 in a typical log, then cost no memory while reading).
    if (c.quality.length === 0 && row.quality === row.quality) this.materialize('quality', i);
    if (c.inputTokens.length === 0 && row.inputTokens === row.inputTokens) this.materialize('inputTokens', i);
    if (c.outputTokens.length === 0 && row.outputTokens === row.outputTokens) this.materialize('outputTokens', i);
    if (c.reasoningTokens.length === 0 && row.reasoningTokens === row.reasoningTokens)
      this.materialize('reasoningTokens', i);
    if (c.cachedInputTokens.length === 0 && row.cachedInputTokens === row.cachedInputTokens)
      this.materialize('cachedInputTokens', i);
    if (c.costUsd.length === 0 && row.costUsd === row.costUsd) this.materialize('costUsd', i);
    if (c.latencyMs.length === 0 && row.latencyMs === row.latencyMs) this.materialize('latencyMs', i);
    if (c.ttftMs.length === 0 && row.ttftMs === row.ttftMs) this.materialize('ttftMs', i);
    if (c.propensity.length === 0 && row.propensity === row.propensity) this.materialize('propensity', i);
    c.quality[i] = row.quality;
    c.inputTokens[i] = row.inputTokens;
    c.outputTokens[i] = row.outputTokens;
    c.reasoningTokens[i] = row.reasoningTokens;
    c.cachedInputTokens[i] = row.cachedInputTokens;
    c.costUsd[i] = row.costUsd;
    c.latencyMs[i] = row.latencyMs;
    c.ttftMs[i] = row.ttftMs;
    c.propensity[i] = row.propensity;
    this.status[i] = STATUSES.indexOf(row.status);
    if (row.status !== 'ok') this.sawStatus = true;
    this.attempt[i] = row.attempt;
    if (row.attempt !== 1) this.sawAttempt = true;
    this.rowSource[i] = source;
    this.rowLine[i] = line;
    this.tokensEstimated[i] = row.tokensEstimated ? 1 : 0;
    if (row.tags) {
      for (const name in row.tags) {
        const v = row.tags[name]!;
        let t = this.tagDicts.get(name);
        if (!t) {
          t = { dict: new Dict(), codes: new Int32Array(this.cap).fill(-1) };
          this.tagDicts.set(name, t);
        }
        t.codes[i] = v === '' ? -1 : t.dict.code(v);
      }
    }
    this.n = i + 1;
  }

  /** Marks a canonical column as present even when all its values were empty (e.g. a `status` header). */
  markPresent(col: CanonicalColumn): void {
    if (col === 'status') this.sawStatus = true;
    else if (col === 'attempt') this.sawAttempt = true;
    else this.present.add(col);
  }

  /** Gives a column its rows, NaN (absent) for the `rows` already added. */
  private materialize(k: NumericKey, rows: number): void {
    this.cols[k] = new Float64Array(this.cap).fill(NaN, 0, rows);
  }

  private resize(cap: number): void {
    this.rowRequest = grow(this.rowRequest, cap);
    this.rowModel = grow(this.rowModel, cap);
    for (const [k] of NUMERIC) if (this.cols[k].length > 0) this.cols[k] = grow(this.cols[k], cap);
    this.status = grow(this.status, cap);
    this.attempt = grow(this.attempt, cap);
    this.rowSource = grow(this.rowSource, cap);
    this.rowLine = grow(this.rowLine, cap);
    this.tokensEstimated = grow(this.tokensEstimated, cap);
    for (const t of this.tagDicts.values()) {
      const old = t.codes.length;
      t.codes = grow(t.codes, cap);
      t.codes.fill(-1, old);
    }
    this.cap = cap;
  }

  /**
   * Groups rows by request and checks cross-row rules (no duplicate request × model × attempt).
   * Throws TraceFormatError listing up to `maxProblems` duplicates; with `lenient` they are dropped
   * and counted instead.
   */
  finish(options: { lenient?: boolean; maxProblems?: number } = {}): Trace {
    const n = this.n;
    const R = this.prompts.length;
    // Counting sort by request keeps file order within a request and is O(rows).
    const start = new Uint32Array(R + 1);
    for (let i = 0; i < n; i++) start[this.rowRequest[i]! + 1]!++;
    for (let r = 0; r < R; r++) start[r + 1]! += start[r]!;
    const order = new Uint32Array(n);
    const fill = start.slice(0, R);
    for (let i = 0; i < n; i++) order[fill[this.rowRequest[i]!]!++] = i;

    const keep = this.dropDuplicates(order, start, options);
    const m = keep.length;
    // Rows already grouped by request (a matrix, a sorted log): columns are copied without the gather.
    let inOrder = m === n;
    for (let j = 0; j < m && inOrder; j++) inOrder = keep[j] === j;
    const pick = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(a: T): T => {
      if (inOrder) return a.slice(0, m) as T;
      const b = new (a.constructor as new (len: number) => T)(m);
      for (let j = 0; j < m; j++) b[j] = a[keep[j]!]!;
      return b;
    };
    const rowRequest = pick(this.rowRequest);
    const requestRowStart = new Uint32Array(R + 1);
    for (let j = 0; j < m; j++) requestRowStart[rowRequest[j]! + 1]!++;
    for (let r = 0; r < R; r++) requestRowStart[r + 1]! += requestRowStart[r]!;

    const numeric = {} as Record<NumericKey, NumberColumn>;
    for (const [k] of NUMERIC) {
      numeric[k] = narrowColumn(this.cols[k], m, inOrder ? undefined : keep);
      // Each growable column is dropped as soon as it is copied, so the peak holds one copy of it.
      this.cols[k] = new Float64Array(0);
    }
    // Presence over the kept rows: a column filled only on dropped duplicates (--lenient) is not present.
    const present = new Set(this.present);
    for (const [k, col] of NUMERIC) {
      const values = numeric[k];
      for (let i = 0; i < m; i++) {
        if (!Number.isNaN(values[i]!)) {
          present.add(col);
          break;
        }
      }
    }
    if (this.sawStatus) present.add('status');
    if (this.sawAttempt) present.add('attempt');
    const tags: TagColumn[] = [...this.tagDicts].map(([name, t]) => ({
      name,
      values: t.dict.values,
      codes: pick(t.codes),
    }));
    return {
      sources: this.sources,
      rowCount: m,
      requestCount: R,
      requestIds: this.requests.values,
      modelNames: this.models.values,
      taskNames: this.tasks.values,
      requestRowStart,
      requestTimestampMs: this.requestTimestamp.slice(0, R),
      requestTask: this.requestTask.slice(0, R),
      prompts: this.prompts,
      rowRequest,
      rowModel: pick(this.rowModel),
      quality: numeric.quality,
      inputTokens: numeric.inputTokens,
      outputTokens: numeric.outputTokens,
      reasoningTokens: numeric.reasoningTokens,
      cachedInputTokens: numeric.cachedInputTokens,
      costUsd: numeric.costUsd,
      costEstimated: new Uint8Array(m),
      tokensEstimated: pick(this.tokensEstimated),
      latencyMs: numeric.latencyMs,
      ttftMs: numeric.ttftMs,
      status: pick(this.status),
      propensity: numeric.propensity,
      attempt: pick(this.attempt),
      rowSource: pick(this.rowSource),
      rowLine: pick(this.rowLine),
      tags,
      present,
      warnings: [...this.warnings].map(([code, w]): TraceWarning => ({ code, message: w.message, count: w.count })),
    };
  }

  private dropDuplicates(
    order: Uint32Array,
    start: Uint32Array,
    options: { lenient?: boolean; maxProblems?: number },
  ): Uint32Array {
    const problems: string[] = [];
    const max = options.maxProblems ?? 20;
    const drop = new Uint8Array(this.n);
    let dropped = 0;
    const seen = new Map<number, number>();
    for (let r = 0; r + 1 < start.length; r++) {
      const a = start[r]!,
        b = start[r + 1]!;
      if (b - a < 2) continue;
      seen.clear();
      for (let j = a; j < b; j++) {
        const i = order[j]!;
        const key = this.rowModel[i]! * 65536 + this.attempt[i]!;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, i);
          continue;
        }
        drop[i] = 1;
        dropped++;
        if (problems.length < max) {
          const where = `${this.sources[this.rowSource[i]!]}:${this.rowLine[i]} (model)`;
          const attempt = this.sawAttempt ? `, attempt ${this.attempt[i]}` : '';
          problems.push(
            `${where}: expected one row per request_id and model${attempt}, got a second row for request ` +
              `"${this.requests.values[r]}" and model "${this.models.values[this.rowModel[i]!]}" (first at line ` +
              `${this.rowLine[first]}); add an \`attempt\` column to tell retries apart, or remove the duplicate`,
          );
        }
      }
    }
    if (dropped > 0 && !options.lenient) {
      const i = order.find((k) => drop[k] === 1)!;
      const first = problems[0]!;
      throw new TraceFormatError(
        { file: this.sources[this.rowSource[i]!]!, line: this.rowLine[i]!, column: 'model' },
        first.slice(first.indexOf(': ') + 2) + (dropped > 1 ? ` (and ${dropped - 1} more duplicate rows)` : ''),
        { problems },
      );
    }
    if (dropped > 0) this.warn('duplicate-row', 'duplicate request_id × model rows skipped (--lenient)', dropped);
    if (dropped === 0) return order;
    const keep = new Uint32Array(order.length - dropped);
    let k = 0;
    for (const i of order) if (!drop[i]) keep[k++] = i;
    return keep;
  }
}
