/**
 * Reading traces: every file of one call goes through a reader into one TraceBuilder.
 *
 *   path ─ open-input (gunzip by magic bytes) ─┬─ csv-reader (csv-parse stream) ─┬─ long-rows  ─┐
 *                                              │                                 └─ wide-import ─┼─ TraceBuilder →
 * Trace
 *                                              ├─ jsonl-reader ───────────────── long-rows ─────┤
 *                                              └─ parquet-reader (hyparquet) ─── long / wide ───┘
 *
 * Cells are validated once, here at the edge (columns.ts): every problem, up to `maxProblems`, goes into
 * one TraceFormatError with file, line and column; `lenient` skips bad rows and counts them instead.
 */
import { ConfigError, TraceFormatError } from '../core/errors.ts';
import { TraceBuilder } from './builder.ts';
import { readDelimited } from './csv-reader.ts';
import { isLiteLlmRecord } from './log-litellm.ts';
import { LOG_FORMATS, LiteLlmCsvSink, type LogFormat, readGatewayLog, sniffLogFormat } from './log-read.ts';
import { readJsonl } from './jsonl-reader.ts';
import { LongRowSink } from './long-rows.ts';
import { sinkWithoutIndex } from './index-column.ts';
import { inputSize } from './open-input.ts';
import { ProblemLog } from './problems.ts';
import type { FileContext, RecordSink } from './record-sink.ts';
import type { Trace } from './trace.ts';
import { looksWide, WideRowSink } from './wide-import.ts';

export type TraceFormat = 'auto' | 'csv' | 'tsv' | 'jsonl' | 'parquet' | 'wide' | LogFormat;
export const TRACE_FORMATS: readonly TraceFormat[] = ['auto', 'csv', 'tsv', 'jsonl', 'parquet', 'wide', ...LOG_FORMATS];

export interface ReadOptions {
  /** auto: by extension (.csv/.tsv/.jsonl/.ndjson/.parquet, each optionally .gz), wide matrices by header. */
  format?: TraceFormat;
  /** Skip bad rows, counting them as `skipped-row` warnings, instead of failing. */
  lenient?: boolean;
  /** How many problems one TraceFormatError lists (default 20). */
  maxProblems?: number;
  /**
   * Called as bytes of the input files are consumed (compressed bytes for .gz), with how large the trace
   * has grown: rows so far and its estimated size in memory.
   */
  onProgress?: (bytesDone: number, bytesTotal: number, grown: { rows: number; memoryBytes: number }) => void;
  /** Stop with a ResourceLimitError once the trace's estimated size in memory passes this many MB. */
  maxMemoryMb?: number;
  /** A faster reader tried first on each file (engines/); it returns false to leave the file to the readers here. */
  tryFirst?: (ctx: FileContext, kind: FileKind, onBytes?: (n: number) => void) => Promise<boolean>;
}

export type FileKind = 'csv' | 'tsv' | 'jsonl' | 'parquet' | 'json';

const EXTENSIONS: readonly [RegExp, FileKind][] = [
  [/\.csv$/i, 'csv'],
  [/\.(tsv|tab)$/i, 'tsv'],
  [/\.(jsonl|ndjson)$/i, 'jsonl'],
  [/\.json$/i, 'json'],
  [/\.(parquet|pq)$/i, 'parquet'],
];

/** The reader a file needs: its extension (ignoring .gz) unless the format names one. */
export function fileKind(path: string, format: TraceFormat): FileKind {
  if (format === 'csv' || format === 'tsv' || format === 'jsonl' || format === 'parquet') return format;
  const name = path.replace(/\.gz$/i, '');
  const hit = EXTENSIONS.find(([re]) => re.test(name));
  if (hit) return hit[1];
  if (format === 'wide') return 'csv';
  if (format !== 'auto') return 'json'; // a gateway log named with --format, whatever its extension
  throw new TraceFormatError(
    { file: path },
    'expected a .csv, .tsv, .jsonl, .ndjson, .json or .parquet file (optionally .gz), got an unknown extension; ' +
      `rename it or pass --format ${TRACE_FORMATS.slice(1).join('|')}`,
  );
}

/**
 * The gateway-log reading a file needs, if any: a log format named with --format (a LiteLLM .csv export
 * stays with the CSV reader), any .json file, or a .jsonl file whose first record is a gateway-log record.
 */
async function logFormatOf(format: TraceFormat, kind: FileKind, path: string): Promise<LogFormat | 'auto' | undefined> {
  if ((LOG_FORMATS as readonly string[]).includes(format)) {
    return kind === 'csv' || kind === 'tsv' ? undefined : (format as LogFormat);
  }
  if (format !== 'auto') return undefined;
  if (kind === 'json') return 'auto';
  return kind === 'jsonl' ? sniffLogFormat(path) : undefined;
}

/** Reads one or more trace files into a single validated Trace; throws TraceFormatError listing every problem. */
export async function readTrace(paths: string | readonly string[], options: ReadOptions = {}): Promise<Trace> {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  const format = options.format ?? 'auto';
  if (!TRACE_FORMATS.includes(format)) {
    throw new ConfigError(`format: expected one of ${TRACE_FORMATS.join(', ')}, got "${format}"`);
  }
  if (list.length === 0) throw new ConfigError('expected at least one trace file, got none');
  const kinds = list.map((p) => fileKind(p, format));
  const sizes = await Promise.all(list.map(inputSize));
  const total = sizes.reduce((a, b) => a + b, 0);
  let done = 0;
  const { onProgress } = options;
  const builder = new TraceBuilder();
  if (options.maxMemoryMb !== undefined) builder.setMemoryBudget(options.maxMemoryMb * 1e6);
  const onBytes = onProgress
    ? (n: number): void => {
        done += n;
        onProgress(Math.min(done, total), total, { rows: builder.rowCount, memoryBytes: builder.estimatedBytes });
      }
    : undefined;

  const lenient = options.lenient ?? false;
  const maxProblems = options.maxProblems ?? 20;
  const problems = new ProblemLog(builder, lenient, maxProblems);
  for (const [i, path] of list.entries()) {
    const ctx: FileContext = {
      path,
      source: builder.addSource(path),
      builder,
      problems,
      recordNumbers: kinds[i] === 'parquet',
    };
    const pick = (names: readonly string[]): RecordSink => {
      if (format === 'litellm' || (format === 'auto' && isLiteLlmRecord(Object.fromEntries(names.map((n) => [n, 1])))))
        return new LiteLlmCsvSink(ctx);
      return format === 'wide' || (format !== 'jsonl' && looksWide(names))
        ? new WideRowSink(ctx)
        : new LongRowSink(ctx);
    };
    const chooseSink = (names: readonly string[]): RecordSink => sinkWithoutIndex(names, ctx, pick);
    const kind = kinds[i]!;
    const log = await logFormatOf(format, kind, path);
    if (log) await readGatewayLog(ctx, log, onBytes);
    // Gateway logs always go through their importers; the engine is tried on canonical traces only.
    else if (options.tryFirst && (await options.tryFirst(ctx, kind, onBytes))) continue;
    else if (kind === 'jsonl') await readJsonl(ctx, onBytes);
    // hyparquet and its codecs load only when a Parquet file is read.
    else if (kind === 'parquet') await (await import('./parquet-reader.ts')).readParquet(ctx, chooseSink, onBytes);
    else await readDelimited(ctx, kind === 'tsv' ? '\t' : ',', chooseSink, onBytes);
  }
  problems.throwIfAny();
  return builder.finish({ lenient, maxProblems });
}
