import { ResourceLimitError } from '../core/errors.ts';
import { formatMb } from './memory-budget.ts';
import { narrowColumn } from './narrow-column.ts';
import type { CanonicalColumn, NumberColumn, TagColumn, Trace, TraceWarning } from './trace.ts';
import { STATUSES } from './trace.ts';
import { isIdentity, sortedCodes } from './sorted-codes.ts';
import { PROPENSITY_FLOOR } from './propensity-floor.ts';
import { dropDuplicateRows } from './duplicate-rows.ts';
import { Dict } from './growable.ts';
import { groupRows, presentNumeric } from './group-rows.ts';
import { NUMERIC, type NumericKey, type RowInput } from './row-input.ts';
import type { RowBatch } from './row-batch.ts';
import { RequestTable } from './request-table.ts';
import { RowColumns } from './row-columns.ts';

export { emptyRow, type RowInput } from './row-input.ts';

/**
 * Accumulates rows (from one or many files) into growable columns, then groups them by request.
 * Reading a trace split into several files gives the same Trace as reading it whole.
 */
export class TraceBuilder {
  private readonly requests = new RequestTable();
  private readonly rows = new RowColumns();
  private readonly models = new Dict();
  private readonly sources: string[] = [];
  private readonly present = new Set<CanonicalColumn>(['request_id', 'model']);
  private readonly warnings = new Map<string, { message: string; count: number }>();
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
    return this.rows.n;
  }

  /** Sizes the row columns for `rows` more rows (an upper bound a reader knows, e.g. a file's line count). */
  reserveRows(rows: number): void {
    this.rows.reserve(rows, true);
  }

  /** The code of request `id` for a RowBatch (registering it when new). */
  requestCode(id: string): number {
    return this.requests.code(id);
  }

  /** The code of model `name` for a RowBatch. */
  modelCode(name: string): number {
    return this.models.code(name);
  }

  /** The dictionary of tag column `name` (created, empty on every row so far, on first use). */
  tagDict(name: string): Dict {
    return this.rows.tag(name).dict;
  }

  /** Copies one validated row in. `source`/`line` say where it came from, for later error messages. */
  add(row: RowInput, source: number, line: number): void {
    const rows = this.rows;
    const i = rows.n;
    if ((i & 0xfff) === 0 && this.estimatedBytes > this.maxBytes) this.stopAtBudget(source, line);
    rows.reserve(1);
    const r = this.requests.code(row.requestId);
    if (this.requests.merge(r, row.prompt, row.timestampMs, row.task, row.attempt)) this.conflictingTimestamps();
    rows.request[i] = r;
    rows.model[i] = this.models.code(row.model);
    // Unrolled (this runs once per row); which columns carry values is found in finish().
    const c = rows.numbers;
    if (c.quality.length === 0 && row.quality === row.quality) rows.materialize('quality', i);
    if (c.inputTokens.length === 0 && row.inputTokens === row.inputTokens) rows.materialize('inputTokens', i);
    if (c.outputTokens.length === 0 && row.outputTokens === row.outputTokens) rows.materialize('outputTokens', i);
    if (c.reasoningTokens.length === 0 && row.reasoningTokens === row.reasoningTokens)
      rows.materialize('reasoningTokens', i);
    if (c.cachedInputTokens.length === 0 && row.cachedInputTokens === row.cachedInputTokens)
      rows.materialize('cachedInputTokens', i);
    if (c.costUsd.length === 0 && row.costUsd === row.costUsd) rows.materialize('costUsd', i);
    if (c.latencyMs.length === 0 && row.latencyMs === row.latencyMs) rows.materialize('latencyMs', i);
    if (c.ttftMs.length === 0 && row.ttftMs === row.ttftMs) rows.materialize('ttftMs', i);
    if (c.propensity.length === 0 && row.propensity === row.propensity) rows.materialize('propensity', i);
    c.quality[i] = row.quality;
    c.inputTokens[i] = row.inputTokens;
    c.outputTokens[i] = row.outputTokens;
    c.reasoningTokens[i] = row.reasoningTokens;
    c.cachedInputTokens[i] = row.cachedInputTokens;
    c.costUsd[i] = row.costUsd;
    c.latencyMs[i] = row.latencyMs;
    c.ttftMs[i] = row.ttftMs;
    c.propensity[i] = row.propensity;
    if (row.propensity < PROPENSITY_FLOOR) this.tinyPropensity(1);
    rows.status[i] = STATUSES.indexOf(row.status);
    if (row.status !== 'ok') rows.sawStatus = true;
    rows.attempt[i] = row.attempt;
    if (row.attempt !== 1) rows.sawAttempt = true;
    rows.source[i] = source;
    rows.line[i] = line;
    rows.tokensEstimated[i] = row.tokensEstimated ? 1 : 0;
    if (row.tags) {
      for (const name in row.tags) {
        const v = row.tags[name]!;
        const t = rows.tag(name);
        t.codes[i] = v === '' ? -1 : t.dict.code(v);
      }
    }
    rows.n = i + 1;
  }

  /**
   * Copies a batch of rows in: row columns as blocks, then the request-level values row by row, in file
   * order, so the Trace and its warnings are those `add` would give for the same rows.
   */
  addBatch(b: RowBatch, source: number): void {
    if (b.rows === 0) return;
    if (this.estimatedBytes > this.maxBytes) this.stopAtBudget(source, b.line[0]!);
    this.rows.append(b, source);
    const { prompt, timestampMs, task, attempt } = b;
    const propensity = b.numbers.propensity;
    if (!prompt && !timestampMs && !task && !propensity) return;
    const requests = this.requests;
    for (let i = 0; i < b.rows; i++) {
      const t = timestampMs ? timestampMs[i]! : NaN;
      if (requests.merge(b.request[i]!, prompt?.[i], t, task?.[i], attempt ? attempt[i]! : 1))
        this.conflictingTimestamps();
      if (propensity && propensity[i]! < PROPENSITY_FLOOR) this.tinyPropensity(1);
    }
  }

  private conflictingTimestamps(): void {
    this.warn(
      'conflicting-timestamps',
      'rows of one request give different timestamps; the earliest is its arrival time',
    );
  }

  private tinyPropensity(count: number): void {
    this.warn(
      'tiny-propensity',
      `propensity below ${PROPENSITY_FLOOR}: off-policy weights clipped at its inverse`,
      count,
    );
  }

  /**
   * Memory the trace being built holds, estimated in bytes: its columns at their allocated size (they
   * grow by doubling), 2 bytes per character of ids and prompts, and ~100 bytes of bookkeeping per request.
   */
  get estimatedBytes(): number {
    const perRow = 9 * 8 + 4 + 4 + 1 + 4 + 2 + 4 + 1 + 4 * this.rows.tags.size;
    return this.rows.cap * perRow + 2 * this.requests.chars + 100 * this.requests.count;
  }

  /** Stops reading (ResourceLimitError) once the estimate passes `bytes`: checked every 4,096 rows. */
  setMemoryBudget(bytes: number): void {
    this.maxBytes = bytes;
  }

  private stopAtBudget(source: number, line: number): never {
    throw new ResourceLimitError(
      `${this.sources[source]}:${line}: the trace outgrew the memory budget of ${formatMb(this.maxBytes)} ` +
        `(--max-memory) after ${this.rows.n.toLocaleString('en-US')} rows and ` +
        `${this.requests.count.toLocaleString('en-US')} requests (~${formatMb(this.estimatedBytes)}); ` +
        'raise --max-memory, or read a sample of the trace (fewer files or rows)',
    );
  }

  /** Marks a canonical column as present even when all its values were empty (e.g. a `status` header). */
  markPresent(col: CanonicalColumn): void {
    if (col === 'status') this.rows.sawStatus = true;
    else if (col === 'attempt') this.rows.sawAttempt = true;
    else this.present.add(col);
  }

  /**
   * Groups rows by request and checks cross-row rules (no duplicate request × model × attempt): a TraceFormatError
   * listing up to `maxProblems` duplicates, or with `lenient` they are dropped and counted.
   */
  finish(options: { lenient?: boolean; maxProblems?: number } = {}): Trace {
    const { rows: cols, requests: reqs } = this;
    const n = cols.n;
    const R = reqs.count;
    // Requests, like models, in id order rather than file order (sorted-codes.ts): positions then feed
    // bootstraps and replay order without depending on how the file was sorted.
    const requests = sortedCodes(reqs.ids.values);
    const rank = requests.remap;
    const { start, order } = groupRows(cols.request, rank, n, R);

    const rows = {
      rowCount: n,
      rowModel: cols.model,
      attempt: cols.attempt,
      rowSource: cols.source,
      rowLine: cols.line,
      sources: this.sources,
      modelNames: this.models.values,
      sawAttempt: cols.sawAttempt,
    };
    const { keep, dropped } = dropDuplicateRows(rows, order, start, requests.names, options);
    if (dropped > 0) this.warn('duplicate-row', 'duplicate request_id × model rows skipped (--lenient)', dropped);
    const m = keep.length;
    // Rows already grouped by request (a matrix, a sorted log): columns are copied without the gather.
    let inOrder = m === n;
    for (let j = 0; j < m && inOrder; j++) inOrder = keep[j] === j;
    const pick = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(a: T): T => {
      // A column sized exactly (reserveRows) becomes the Trace's own: no copy.
      if (inOrder) return (a.length === m ? a : a.slice(0, m)) as T;
      const b = new (a.constructor as new (len: number) => T)(m);
      for (let j = 0; j < m; j++) b[j] = a[keep[j]!]!;
      return b;
    };
    const rowRequest = pick(cols.request);
    if (!isIdentity(rank)) for (let j = 0; j < m; j++) rowRequest[j] = rank[rowRequest[j]!]!;
    const requestRowStart = new Uint32Array(R + 1);
    for (let j = 0; j < m; j++) requestRowStart[rowRequest[j]! + 1]!++;
    for (let r = 0; r < R; r++) requestRowStart[r + 1]! += requestRowStart[r]!;

    const numeric = {} as Record<NumericKey, NumberColumn>;
    // Columns with no value share one all-NaN array (nothing writes into a Trace's columns).
    let absent: Float32Array | undefined;
    for (const [k] of NUMERIC) {
      const values = cols.numbers[k];
      numeric[k] =
        values.length === 0
          ? (absent ??= new Float32Array(m).fill(NaN))
          : narrowColumn(values, m, inOrder ? undefined : keep);
      // Each growable column is dropped as soon as it is copied, so the peak holds one copy of it.
      cols.numbers[k] = new Float64Array(0);
    }
    // Presence over the kept rows: a column filled only on dropped duplicates (--lenient) is not present.
    const present = new Set([...this.present, ...presentNumeric(numeric, m)]);
    if (reqs.sawPrompt) present.add('prompt');
    if (reqs.sawTimestamp) present.add('timestamp');
    if (reqs.sawTask) present.add('task');
    if (cols.sawStatus) present.add('status');
    if (cols.sawAttempt) present.add('attempt');
    // Model and task codes in name order, not first-appearance order (see sorted-codes.ts).
    const models = sortedCodes(this.models.values);
    const rowModel = pick(cols.model);
    if (!isIdentity(models.remap)) for (let j = 0; j < m; j++) rowModel[j] = models.remap[rowModel[j]!]!;
    const tasks = sortedCodes(reqs.tasks.values);
    const requestTask = new Int32Array(R);
    const requestTimestampMs = new Float64Array(R);
    const prompts = new Array<string | undefined>(R);
    for (let old = 0; old < R; old++) {
      const r = rank[old]!,
        t = reqs.task[old]!;
      requestTask[r] = t >= 0 ? tasks.remap[t]! : -1;
      requestTimestampMs[r] = reqs.timestampMs[old]!;
      prompts[r] = reqs.prompts[old];
    }
    const tags: TagColumn[] = [...cols.tags].map(([name, t]) => ({
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
      tokensEstimated: pick(cols.tokensEstimated),
      latencyMs: numeric.latencyMs,
      ttftMs: numeric.ttftMs,
      status: pick(cols.status),
      propensity: numeric.propensity,
      attempt: pick(cols.attempt),
      rowSource: pick(cols.source),
      rowLine: pick(cols.line),
      tags,
      present,
      warnings: [...this.warnings].map(([code, w]): TraceWarning => ({ code, message: w.message, count: w.count })),
    };
  }
}
