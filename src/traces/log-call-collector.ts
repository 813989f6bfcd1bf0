/**
 * Turns the calls read from a gateway log into trace rows. Exports list calls newest first, or interleave
 * the calls of concurrent requests, so calls are held until the file ends and then grouped: the calls of one
 * request (a fallback chain, retries) are numbered `attempt` 1, 2, … by start time, which makes the first
 * model called — the routing decision — attempt 1; requests enter the trace in order of their first call.
 */
import type { RowInput } from './builder.ts';
import type { FileContext } from './record-sink.ts';
import type { MappedRecord } from './log-call.ts';

interface HeldCall {
  readonly row: RowInput;
  readonly line: number;
  readonly seq: number;
}

export class CallCollector {
  private readonly calls: HeldCall[] = [];
  private records = 0;
  private ignored = 0;
  private zoneless = 0;

  constructor(
    private readonly ctx: FileContext,
    /** What a record of this format is called in messages ("generation record", "SpendLogs row"). */
    private readonly noun: string,
    /** What the parts that are not model calls are called ("span", "observation"). */
    private readonly ignoredNoun = noun,
  ) {}

  /** Takes one mapped record: its problems go to the problem log (dropping the record), its calls are held. */
  add(mapped: MappedRecord, line: number): void {
    this.records++;
    this.ignored += mapped.ignored ?? 0;
    this.zoneless += mapped.zoneless ?? 0;
    if (mapped.problems.length > 0) {
      const { ctx } = this;
      for (const p of mapped.problems) {
        ctx.problems.row(
          { file: ctx.path, line, column: p.field },
          `expected ${p.expected}, got ${JSON.stringify(p.got)}; fix or remove this ${this.noun}`,
        );
        if (ctx.problems.lenient) break;
      }
      return;
    }
    for (const row of mapped.calls) this.calls.push({ row, line, seq: this.calls.length });
  }

  /** A record that is not one of this format's records at all (wrong shape), reported at its line. */
  reject(line: number, column: string, detail: string): void {
    this.records++;
    this.ctx.problems.row({ file: this.ctx.path, line, column }, detail);
  }

  /** Sorts the held calls into requests and attempts and adds them to the builder; counts warnings. */
  finish(): void {
    const { ctx } = this;
    if (this.records === 0) {
      ctx.problems.fatal({ file: ctx.path, line: 1 }, `expected at least one ${this.noun}, got none`);
      return;
    }
    if (this.zoneless > 0) {
      ctx.builder.warn(
        'timestamp-no-zone',
        `${ctx.path}: times without a zone (e.g. "2025-06-01T10:00:00") were read as UTC; ` +
          'export them with a zone (Z or +hh:mm) if they are local times',
        this.zoneless,
      );
    }
    if (this.ignored > 0) {
      ctx.builder.warn(
        'ignored-span',
        `${ctx.path}: ${this.ignoredNoun}s that are not model calls were ignored`,
        this.ignored,
      );
    }
    const first = new Map<string, number>();
    for (const c of this.calls) {
      const t = c.row.timestampMs;
      const key = Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
      const seen = first.get(c.row.requestId);
      if (seen === undefined || key < seen) first.set(c.row.requestId, key);
    }
    const start = (c: HeldCall): number => (Number.isNaN(c.row.timestampMs) ? Infinity : c.row.timestampMs);
    const firstSeq = new Map<string, number>();
    for (const c of this.calls) if (!firstSeq.has(c.row.requestId)) firstSeq.set(c.row.requestId, c.seq);
    this.calls.sort(
      (a, b) =>
        first.get(a.row.requestId)! - first.get(b.row.requestId)! ||
        firstSeq.get(a.row.requestId)! - firstSeq.get(b.row.requestId)! ||
        start(a) - start(b) ||
        a.seq - b.seq,
    );
    let attempt = 0;
    let current = '';
    for (const c of this.calls) {
      attempt = c.row.requestId === current ? attempt + 1 : 1;
      current = c.row.requestId;
      c.row.attempt = attempt;
      ctx.builder.add(c.row, ctx.source, c.line);
    }
    if (this.calls.some((c) => c.row.attempt > 1)) ctx.builder.markPresent('attempt');
    if (this.calls.some((c) => c.row.status !== 'ok')) ctx.builder.markPresent('status');
  }
}
