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
import { readJsonl } from './jsonl-reader.ts';
import { LongRowSink } from './long-rows.ts';
import { inputSize } from './open-input.ts';
import { ProblemLog } from './problems.ts';
import type { FileContext, RecordSink } from './record-sink.ts';
import type { Trace } from './trace.ts';
import { looksWide, WideRowSink } from './wide-import.ts';

export type TraceFormat = 'auto' | 'csv' | 'tsv' | 'jsonl' | 'parquet' | 'wide';
export const TRACE_FORMATS: readonly TraceFormat[] = ['auto', 'csv', 'tsv', 'jsonl', 'parquet', 'wide'];

export interface ReadOptions {
  /** auto: by extension (.csv/.tsv/.jsonl/.ndjson/.parquet, each optionally .gz), wide matrices by header. */
  format?: TraceFormat;
  /** Skip bad rows, counting them as `skipped-row` warnings, instead of failing. */
  lenient?: boolean;
  /** How many problems one TraceFormatError lists (default 20). */
  maxProblems?: number;
  /** Called as bytes of the input files are consumed (compressed bytes for .gz). */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** A faster reader tried first on each file (engines/); it returns false to leave the file to the readers here. */
  tryFirst?: (ctx: FileContext, kind: FileKind, onBytes?: (n: number) => void) => Promise<boolean>;
}

export type FileKind = 'csv' | 'tsv' | 'jsonl' | 'parquet';

const EXTENSIONS: readonly [RegExp, FileKind][] = [
  [/\.csv$/i, 'csv'],
  [/\.(tsv|tab)$/i, 'tsv'],
  [/\.(jsonl|ndjson)$/i, 'jsonl'],
  [/\.(parquet|pq)$/i, 'parquet'],
];

/** The reader a file needs: its extension (ignoring .gz) unless the format names one. */
export function fileKind(path: string, format: TraceFormat): FileKind {
  if (format !== 'auto' && format !== 'wide') return format;
  const name = path.replace(/\.gz$/i, '');
  const hit = EXTENSIONS.find(([re]) => re.test(name));
  if (hit) return hit[1];
  if (format === 'wide') return 'csv';
  throw new TraceFormatError(
    { file: path },
    'expected a .csv, .tsv, .jsonl, .ndjson or .parquet file (optionally .gz), got an unknown extension; ' +
      'rename it or pass --format csv|tsv|jsonl|parquet|wide',
  );
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
  const onBytes = onProgress
    ? (n: number): void => {
        done += n;
        onProgress(Math.min(done, total), total);
      }
    : undefined;

  const builder = new TraceBuilder();
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
    const chooseSink = (names: readonly string[]): RecordSink =>
      format === 'wide' || (format !== 'jsonl' && looksWide(names)) ? new WideRowSink(ctx) : new LongRowSink(ctx);
    const kind = kinds[i]!;
    if (options.tryFirst && (await options.tryFirst(ctx, kind, onBytes))) continue;
    if (kind === 'jsonl') await readJsonl(ctx, onBytes);
    // hyparquet and its codecs load only when a Parquet file is read.
    else if (kind === 'parquet') await (await import('./parquet-reader.ts')).readParquet(ctx, chooseSink, onBytes);
    else await readDelimited(ctx, kind === 'tsv' ? '\t' : ',', chooseSink, onBytes);
  }
  problems.throwIfAny();
  return builder.finish({ lenient, maxProblems });
}
