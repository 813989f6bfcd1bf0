/**
 * Gateway-log importers: OpenRouter generation records, LiteLLM SpendLogs, OpenTelemetry GenAI spans and
 * Langfuse observations, read into the canonical long table. The format is found from the first record's
 * fields (or named with --format); each record is mapped to calls (log-call.ts) and the calls are grouped
 * into requests and attempts at the end of the file (call-collector.ts).
 *
 *   file ─ json-records (JSONL, JSON array, {"data": […]}) ─┬─ openrouter ─┐
 *        └ csv-reader (LiteLLM CSV export) ─ LiteLlmCsvSink ┼─ litellm ────┼─ CallCollector → TraceBuilder
 *                                                           ├─ otel ───────┤
 *                                                           └─ langfuse ───┘
 */
import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { isGzip } from './open-input.ts';
import type { FileContext } from './record-sink.ts';
import { CallCollector } from './log-call-collector.ts';
import { firstRecord, jsonRecords } from './log-json-records.ts';
import { isLangfuseRecord, mapLangfuse } from './log-langfuse.ts';
import { isLiteLlmRecord, mapLiteLlm } from './log-litellm.ts';
import type { MappedRecord } from './log-call.ts';
import { isOpenRouterRecord, mapOpenRouter } from './log-openrouter.ts';
import { isOtlpRecord, mapOtlp } from './log-otel.ts';

export type LogFormat = 'openrouter' | 'litellm' | 'otel' | 'langfuse';
export const LOG_FORMATS: readonly LogFormat[] = ['openrouter', 'litellm', 'otel', 'langfuse'];

type Mapper = (r: Readonly<Record<string, unknown>>) => MappedRecord;

interface FormatEntry {
  readonly noun: string;
  readonly ignoredNoun?: string;
  readonly is: (r: Record<string, unknown>) => boolean;
  readonly map: Mapper;
}

const FORMATS: Record<LogFormat, FormatEntry> = {
  otel: { noun: 'ExportTraceServiceRequest', ignoredNoun: 'span', is: isOtlpRecord, map: mapOtlp },
  openrouter: { noun: 'generation record', is: isOpenRouterRecord, map: mapOpenRouter },
  litellm: { noun: 'SpendLogs row', is: isLiteLlmRecord, map: mapLiteLlm },
  langfuse: { noun: 'observation', is: isLangfuseRecord, map: mapLangfuse },
};

function collectorFor(ctx: FileContext, format: LogFormat): CallCollector {
  return new CallCollector(ctx, FORMATS[format].noun, FORMATS[format].ignoredNoun);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A record as exported, or the object inside a `{"data": {…}}` wrapper (OpenRouter's REST response). */
function unwrap(v: unknown): unknown {
  return isObject(v) && isObject(v.data) && Object.keys(v).length <= 2 ? v.data : v;
}

/** The gateway-log format a record belongs to, by the fields only that format has. */
export function detectLogFormat(record: unknown): LogFormat | undefined {
  const r = unwrap(record);
  if (!isObject(r)) return undefined;
  return LOG_FORMATS.find((f) => FORMATS[f].is(r));
}

/** The format of a JSON / JSON Lines file from its first record (read from its first MB), if it is a log. */
export async function sniffLogFormat(path: string): Promise<LogFormat | undefined> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (await isGzip(path)) {
    try {
      head = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: a cut stream gives what it has */ });
    } catch {
      return undefined;
    }
  }
  return detectLogFormat(firstRecord(head.toString('utf8')));
}

/** Reads one JSON / JSON Lines gateway log into the builder; `format` 'auto' detects it from the first record. */
export async function readGatewayLog(
  ctx: FileContext,
  format: LogFormat | 'auto',
  onBytes?: (n: number) => void,
): Promise<void> {
  let chosen = format === 'auto' ? undefined : format;
  let collector = chosen ? collectorFor(ctx, chosen) : undefined;
  let any = false;
  for await (const { value, line } of jsonRecords(ctx, onBytes)) {
    any = true;
    const record = unwrap(value);
    if (!chosen) {
      chosen = detectLogFormat(record);
      if (!chosen) {
        const keys = isObject(record) ? Object.keys(record).slice(0, 8).join(', ') : JSON.stringify(record);
        ctx.problems.fatal(
          { file: ctx.path, line },
          'expected a gateway log record (OpenRouter generation, LiteLLM SpendLogs row, ' +
            `OTLP ExportTraceServiceRequest ` +
            `or Langfuse observation), got ${isObject(record) ? `an object with keys ${keys}` : keys}; ` +
            'pass --format openrouter|litellm|otel|langfuse, or convert the file to the routelab columns',
        );
        return;
      }
      collector = collectorFor(ctx, chosen);
    }
    const { noun, map } = FORMATS[chosen];
    if (!isObject(record)) {
      collector!.reject(line, 'char 1', `expected a ${noun} object, got ${JSON.stringify(record).slice(0, 40)}`);
      continue;
    }
    collector!.add(map(record), line);
  }
  if (!any) {
    ctx.problems.fatal({ file: ctx.path, line: 1 }, 'expected gateway log records, got an empty file');
    return;
  }
  collector?.finish();
}

/** A CSV export of LiteLLM's SpendLogs table: header names are the fields; empty cells are absent values. */
export class LiteLlmCsvSink {
  private names: readonly string[] = [];
  private readonly collector: CallCollector;

  constructor(ctx: FileContext) {
    this.collector = new CallCollector(ctx, FORMATS.litellm.noun);
  }

  header(names: readonly string[]): boolean {
    this.names = names;
    return true;
  }

  row(cells: ArrayLike<unknown>, line: number): void {
    const record: Record<string, unknown> = {};
    this.names.forEach((n, i) => {
      const v = cells[i];
      if (v !== '' && v !== undefined) record[n] = v;
    });
    this.collector.add(mapLiteLlm(record), line);
  }

  end(): void {
    this.collector.finish();
  }
}
