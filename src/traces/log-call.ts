/**
 * One model call read from a gateway log, on its way into the trace, and the value readers the importers
 * share. Every importer maps its records to LogCalls; call-collector.ts turns them into rows.
 */
import { emptyRow, type RowInput } from './builder.ts';
import { NOT_A_NUMBER, parseTimestamp, toNumber, toText } from './parse-values.ts';
import type { Status } from './trace.ts';

/** A call: the canonical row (its attempt is set later, by start time within the request) and its line. */
export interface LogCall {
  readonly row: RowInput;
  readonly line: number;
}

/** A value that is present but cannot be read; the importer reports it at the record's line. */
export interface FieldProblem {
  readonly field: string;
  readonly expected: string;
  readonly got: unknown;
}

/** What one record of a log gave: calls (a span file holds many per line), problems, ignored parts. */
export interface MappedRecord {
  readonly calls: readonly RowInput[];
  readonly problems: readonly FieldProblem[];
  /** Records or spans that are not model calls (OTLP spans without gen_ai.operation.name), counted. */
  readonly ignored?: number;
  /** Timestamps read without a zone, taken as UTC (counted in a warning). */
  readonly zoneless?: number;
}

/** Collects one record's fields and problems; `done()` gives the MappedRecord. */
export class FieldReader {
  readonly problems: FieldProblem[] = [];
  zoneless = 0;

  /** A non-negative number (strings such as OTLP's int64 "412" included), NaN when absent. */
  amount(field: string, v: unknown, integer = false): number {
    const n = toNumber(v);
    if (n === NOT_A_NUMBER || n < 0 || (integer && n === n && !Number.isInteger(n))) {
      this.problems.push({ field, expected: integer ? 'a non-negative integer' : 'a non-negative number', got: v });
      return NaN;
    }
    return n;
  }

  /** An ISO-8601 time (no zone = UTC, counted) or epoch ms, as epoch ms; NaN when absent. */
  time(field: string, v: unknown): number {
    const t = parseTimestamp(v);
    if (typeof t !== 'number') {
      this.problems.push({ field, expected: 'an ISO-8601 time or epoch milliseconds', got: v });
      return NaN;
    }
    if (typeof v === 'string' && t === t && !HAS_ZONE.test(v) && v.includes(':')) this.zoneless++;
    return t;
  }

  /** Epoch nanoseconds (OTLP's fixed64, usually a decimal string) as epoch ms; NaN when absent. */
  nanos(field: string, v: unknown): number {
    if (v === undefined || v === null || v === '') return NaN;
    const s = typeof v === 'string' ? v : typeof v === 'number' && Number.isInteger(v) ? String(v) : '';
    if (!/^\d{1,20}$/.test(s)) {
      this.problems.push({ field, expected: 'epoch nanoseconds as an integer or a string of digits', got: v });
      return NaN;
    }
    // Through BigInt: 19 digits do not fit a double exactly, and the millisecond part must not drift.
    const ns = BigInt(s);
    return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
  }

  /** The record's calls with the problems and counts collected so far. */
  done(calls: readonly RowInput[], ignored = 0): MappedRecord {
    return { calls, problems: this.problems, ignored, zoneless: this.zoneless };
  }
}

const HAS_ZONE = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/** A fresh row for a call; the importer fills what its record has. */
export function callRow(requestId: string, model: string): RowInput {
  const row = emptyRow();
  row.requestId = requestId;
  row.model = model;
  row.tags = {};
  return row;
}

/**
 * The status a failure message or code stands for: 429 / rate limit → rate_limited, timeouts → timeout,
 * anything else → error. Gateways spell these many ways, so the test is on words, not on exact codes.
 */
export function failureStatus(...hints: unknown[]): Status {
  const text = hints.map(toText).join(' ');
  if (/\b429\b|rate.?limit|too many requests|quota/i.test(text)) return 'rate_limited';
  if (/time.?out|timed out|\b408\b|\b504\b|deadline/i.test(text)) return 'timeout';
  return 'error';
}

/** Text of a field, '' when absent or not a string/number/boolean. */
export function text(v: unknown): string {
  return typeof v === 'object' && v !== null ? '' : toText(v);
}

/** Copies the scalar fields of `record` not in `mapped` into the row's tags (objects kept as JSON text). */
export function extraTags(row: RowInput, record: Readonly<Record<string, unknown>>, mapped: ReadonlySet<string>): void {
  const tags = row.tags!;
  for (const key in record) {
    if (mapped.has(key)) continue;
    const v = record[key];
    if (v === null || v === undefined || v === '') continue;
    tags[key] = typeof v === 'object' ? JSON.stringify(v) : toText(v);
  }
}

/**
 * The user's own columns carried in a log's metadata (`task`, `quality`, `propensity`, optionally prefixed
 * `routelab.`) become canonical values; other entries become tags. Returns problems for malformed values.
 */
export function userFields(row: RowInput, entries: Readonly<Record<string, unknown>>, reader: FieldReader): void {
  for (const key in entries) {
    const v = entries[key];
    if (v === null || v === undefined || v === '') continue;
    const name = key.startsWith('routelab.') ? key.slice('routelab.'.length) : key;
    if (name === 'task') row.task = toText(v);
    else if (name === 'quality') {
      const q = toNumber(v);
      if (q === NOT_A_NUMBER || !(q >= 0 && q <= 1))
        reader.problems.push({ field: key, expected: 'a number in [0,1]', got: v });
      else row.quality = q;
    } else if (name === 'propensity') {
      const p = toNumber(v);
      if (p === NOT_A_NUMBER || !(p > 0 && p <= 1))
        reader.problems.push({ field: key, expected: 'a probability in (0,1]', got: v });
      else row.propensity = p;
    } else row.tags![key] = typeof v === 'object' ? JSON.stringify(v) : toText(v);
  }
}

/** The last user message of a chat `messages` value (array of {role, content}) or a plain string, if any. */
export function promptOf(messages: unknown): string | undefined {
  if (typeof messages === 'string') return messages === '' ? undefined : messages;
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      const parts = m.content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : ''));
      return parts.join('') || undefined;
    }
  }
  return undefined;
}

/**
 * A call's arrival, latency and time to first token from its start, end and first-token instants (epoch ms, NaN
 * when absent): an end or first token before the start is left unknown rather than read as negative.
 */
export function setCallTimes(row: RowInput, startMs: number, endMs: number, firstTokenMs = Number.NaN): void {
  row.timestampMs = startMs;
  if (endMs >= startMs) row.latencyMs = endMs - startMs;
  if (firstTokenMs >= startMs) row.ttftMs = firstTokenMs - startMs;
}
