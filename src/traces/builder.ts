import { ResourceLimitError } from '../core/errors.ts';
import { formatMb } from './memory-budget.ts';
import { narrowColumn } from './narrow-column.ts';
import type { CanonicalColumn, NumberColumn, TagColumn, Trace, TraceWarning } from './trace.ts';
import { STATUSES } from './trace.ts';
import { sortedCodes } from './sorted-codes.ts';
import { PROPENSITY_FLOOR } from './propensity-floor.ts';
import { dropDuplicateRows } from './duplicate-rows.ts';
import { Dict, grow } from './growable.ts';
import { groupRows, presentNumeric } from './group-rows.ts';
import { NUMERIC, type NumericKey, type RowInput } from './row-input.ts';

export { emptyRow, type RowInput } from './row-input.ts';

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
  // Characters of the strings kept per request (ids, prompts), for the memory estimate.
  private requestChars = 0;
  private maxBytes = Infinity;

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
    if ((i & 0xfff) === 0 && this.estimatedBytes > this.maxBytes) this.stopAtBudget(source, line);
    const r = this.requests.code(row.requestId);
    if (r === this.prompts.length) {
      this.requestChars += row.requestId.length + (row.prompt?.length ?? 0);
      this.prompts.push(row.prompt);
      this.requestTimestamp = grow(this.requestTimestamp, r + 1);
      this.requestTask = grow(this.requestTask, r + 1);
      this.requestTimestamp[r] = row.timestampMs;
      this.requestTask[r] = row.task === undefined || row.task === '' ? -1 : this.tasks.code(row.task);
    } else {
      // Request-level values may appear on any of its rows; the first prompt and task given win, and the
      // earliest timestamp (an order-free choice: the same rows shuffled give the same arrival time).
      if (this.prompts[r] === undefined && row.prompt !== undefined) this.prompts[r] = row.prompt;
      const known = this.requestTimestamp[r]!;
      if (Number.isNaN(known) || row.timestampMs < known) this.requestTimestamp[r] = row.timestampMs;
      // Later calls of a fallback chain or retry start later by nature; only first attempts must agree.
      if (row.attempt <= 1 && row.timestampMs !== known && !Number.isNaN(known) && !Number.isNaN(row.timestampMs))
        this.warn(
          'conflicting-timestamps',
          'rows of one request give different timestamps; the earliest is its arrival time',
        );
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
    if (row.propensity < PROPENSITY_FLOOR)
      this.warn('tiny-propensity', `propensity below ${PROPENSITY_FLOOR}: off-policy weights clipped at its inverse`);
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

  /**
   * Memory the trace being built holds, estimated in bytes: its columns at their allocated size (they
   * grow by doubling), 2 bytes per character of ids and prompts, and ~100 bytes of bookkeeping per request.
   */
  get estimatedBytes(): number {
    const perRow = 9 * 8 + 4 + 4 + 1 + 4 + 2 + 4 + 1 + 4 * this.tagDicts.size;
    return this.cap * perRow + 2 * this.requestChars + 100 * this.prompts.length;
  }

  /** Stops reading (ResourceLimitError) once the estimate passes `bytes`: checked every 4,096 rows. */
  setMemoryBudget(bytes: number): void {
    this.maxBytes = bytes;
  }

  private stopAtBudget(source: number, line: number): never {
    throw new ResourceLimitError(
      `${this.sources[source]}:${line}: the trace outgrew the memory budget of ${formatMb(this.maxBytes)} ` +
        `(--max-memory) after ${this.n.toLocaleString('en-US')} rows and ` +
        `${this.prompts.length.toLocaleString('en-US')} requests (~${formatMb(this.estimatedBytes)}); ` +
        'raise --max-memory, or read a sample of the trace (fewer files or rows)',
    );
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
   * Groups rows by request and checks cross-row rules (no duplicate request × model × attempt): a TraceFormatError
   * listing up to `maxProblems` duplicates, or with `lenient` they are dropped and counted.
   */
  finish(options: { lenient?: boolean; maxProblems?: number } = {}): Trace {
    const n = this.n;
    const R = this.prompts.length;
    // Requests, like models, in id order rather than file order (sorted-codes.ts): positions then feed
    // bootstraps and replay order without depending on how the file was sorted.
    const requests = sortedCodes(this.requests.values);
    const rank = requests.remap;
    const { start, order } = groupRows(this.rowRequest, rank, n, R);

    const rows = {
      rowCount: this.n,
      rowModel: this.rowModel,
      attempt: this.attempt,
      rowSource: this.rowSource,
      rowLine: this.rowLine,
      sources: this.sources,
      modelNames: this.models.values,
      sawAttempt: this.sawAttempt,
    };
    const { keep, dropped } = dropDuplicateRows(rows, order, start, requests.names, options);
    if (dropped > 0) this.warn('duplicate-row', 'duplicate request_id × model rows skipped (--lenient)', dropped);
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
    for (let j = 0; j < m; j++) rowRequest[j] = rank[rowRequest[j]!]!;
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
    const present = new Set([...this.present, ...presentNumeric(numeric, m)]);
    if (this.sawStatus) present.add('status');
    if (this.sawAttempt) present.add('attempt');
    // Model and task codes in name order, not first-appearance order (see sorted-codes.ts).
    const models = sortedCodes(this.models.values);
    const rowModel = pick(this.rowModel);
    for (let j = 0; j < m; j++) rowModel[j] = models.remap[rowModel[j]!]!;
    const tasks = sortedCodes(this.tasks.values);
    const requestTask = new Int32Array(R);
    const requestTimestampMs = new Float64Array(R);
    const prompts = new Array<string | undefined>(R);
    for (let old = 0; old < R; old++) {
      const r = rank[old]!,
        t = this.requestTask[old]!;
      requestTask[r] = t >= 0 ? tasks.remap[t]! : -1;
      requestTimestampMs[r] = this.requestTimestamp[old]!;
      prompts[r] = this.prompts[old];
    }
    const tags: TagColumn[] = [...this.tagDicts].map(([name, t]) => ({
      name,
      values: t.dict.values,
      codes: pick(t.codes),
    }));
    return {
      sources: this.sources,
      rowCount: m,
      requestCount: R,
      requestIds: requests.names,
      modelNames: models.names,
      taskNames: tasks.names,
      requestRowStart,
      requestTimestampMs,
      requestTask,
      prompts,
      rowRequest,
      rowModel,
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
}
