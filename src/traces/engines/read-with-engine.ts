/**
 * Reader engines: DuckDB (native, parallel, typed columns) for long CSV/TSV(.gz)/Parquet files, the
 * streaming JS reader for everything else and as the precise fallback. Either way the same TraceBuilder
 * receives the same rows, so both engines give the same Trace (test/traces/engines/).
 *
 *   readTraceWithEngine ─ readTrace(tryFirst) ─┬─ duckdb-reader: SQL checks every cell ── ok ─→ TraceBuilder
 *                                              └─ refused (bad cell, blank lines, …) ─→ csv/jsonl/parquet reader
 */
import { ConfigError } from '../../core/errors.ts';
import { inputSize } from '../open-input.ts';
import { readTrace } from '../read-trace.ts';
import type { ReadOptions } from '../read-trace.ts';
import type { Trace } from '../trace.ts';
import { duckDbConnection } from './duckdb-connection.ts';
import { RestartRead, readWithDuckDb } from './duckdb-reader.ts';

/**
 * auto (the default): DuckDB where its native module loads, the input is 8 MB or more and the file is a long
 * CSV/TSV(.gz) or Parquet trace; the JS reader for everything else. Measured on a 1M-row CSV (bench/engine.ts),
 * the DuckDB engine reads ~2× as many rows per CPU second as the JS reader and gives the same Trace.
 */
export type ReaderEngine = 'auto' | 'js' | 'duckdb';
export const READER_ENGINES: readonly ReaderEngine[] = ['auto', 'js', 'duckdb'];

/** Which engine read a file, and why the JS reader did when DuckDB was asked first. */
export interface FileEngine {
  readonly path: string;
  readonly engine: 'js' | 'duckdb';
  readonly reason?: string;
}

/** Reads like readTrace, trying DuckDB first per file; returns the Trace and which engine read each file. */
export async function readTraceWithEngine(
  paths: string | readonly string[],
  options: ReadOptions & { engine?: ReaderEngine } = {},
): Promise<{ trace: Trace; files: FileEngine[] }> {
  const engine = options.engine ?? 'auto';
  if (!READER_ENGINES.includes(engine))
    throw new ConfigError(`engine: expected one of ${READER_ENGINES.join(', ')}, got "${engine}"`);
  const files: FileEngine[] = [];
  const refused = new Map<string, string>();
  let tryFirst: ReadOptions['tryFirst'];
  if (engine === 'auto') {
    const list = typeof paths === 'string' ? [paths] : paths;
    const bytes = (await Promise.all(list.map(inputSize))).reduce((a, b) => a + b, 0);
    if (bytes < AUTO_MIN_BYTES) return readByJs(paths, options, SMALL);
  }
  if (engine !== 'js') {
    const conn = await duckDbConnection();
    if (typeof conn === 'string') {
      if (engine === 'duckdb') throw new ConfigError(`--engine duckdb: ${conn}; use --engine js`);
      return readByJs(paths, options, conn);
    }
    tryFirst = async (ctx, kind, onBytes) => {
      const reason =
        options.format === 'wide'
          ? 'a wide matrix'
          : kind === 'jsonl' || kind === 'json'
            ? 'JSON'
            : (refused.get(ctx.path) ?? (await readWithDuckDb(conn, ctx, kind, onBytes)));
      files.push(
        reason === undefined ? { path: ctx.path, engine: 'duckdb' } : { path: ctx.path, engine: 'js', reason },
      );
      return reason === undefined;
    };
  }
  const { engine: _, ...rest } = options;
  for (;;) {
    try {
      const trace = await readTrace(paths, { ...rest, tryFirst });
      if (engine === 'js') for (const path of trace.sources) files.push({ path, engine: 'js' });
      // Gateway logs never reach the engine: their importers read them.
      else
        for (const path of trace.sources)
          if (!files.some((f) => f.path === path)) files.push({ path, engine: 'js', reason: 'a gateway log' });
      return { trace, files: trace.sources.map((p) => files.find((f) => f.path === p)!) };
    } catch (err) {
      // A file refused after its rows reached the builder: read everything again, that file by the JS reader.
      if (!(err instanceof RestartRead) || refused.has(err.path)) throw err;
      refused.set(err.path, err.reason);
      files.length = 0;
    }
  }
}

// Loading DuckDB costs ~0.3 s of CPU and ~40 MB once per process, what the JS reader needs for ~80k rows
// (~8 MB of CSV): below that, auto reads with the JS reader.
const AUTO_MIN_BYTES = 8 << 20;
const SMALL = 'auto: a small input (under 8 MB), read faster than DuckDB loads';

async function readByJs(
  paths: string | readonly string[],
  options: ReadOptions & { engine?: ReaderEngine },
  reason: string,
): Promise<{ trace: Trace; files: FileEngine[] }> {
  const { engine: _, ...rest } = options;
  const trace = await readTrace(paths, rest);
  return { trace, files: trace.sources.map((path) => ({ path, engine: 'js', reason })) };
}
