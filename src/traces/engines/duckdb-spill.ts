/**
 * Request chunks for a streamed replay of a trace bigger than memory (`replay --chunk-requests n`): DuckDB
 * reads the files once (out of core, spilling to `dir`), numbers the distinct request ids in id order, and
 * writes chunk k — the rows of requests k·n … (k+1)·n − 1 — as one Parquet file, every row of a request in
 * the same chunk and in file order. Cells stay as the file had them (CSV/TSV text, Parquet types), so the
 * readers check each chunk by their usual rules; only the line numbers of the original file are lost.
 *
 *   files ─► raw table (file order) ─► first id of every n-th request
 *         ─► chunk k = rows with an id in [first_k, first_k+1), a filtered scan in file order ─► chunk-k.parquet
 */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ConfigError } from '../../core/errors.ts';
import { fileKind, type TraceFormat } from '../read-trace.ts';
import { firstLine } from './count-line-ends.ts';
import { duckDbConnection } from './duckdb-connection.ts';
import { quoteString } from './duckdb-sql.ts';

export interface RequestChunks {
  /** Chunk files in chunk order (chunk k holds the k-th block of request ids in DuckDB's id order). */
  readonly files: readonly string[];
  readonly requests: number;
  readonly rows: number;
}

export interface SpillOptions {
  readonly format?: TraceFormat;
  /** DuckDB's memory limit from now on (it spills to `dir` beyond it), e.g. '1GB'; kept for reading the chunks. */
  readonly memoryLimit?: string;
}

/** The FROM clause of one file: CSV/TSV as text under its header's names (as the engine reads it), Parquet typed. */
async function source(path: string, format: TraceFormat): Promise<string> {
  const kind = fileKind(path, format);
  const file = quoteString(path);
  if (kind === 'parquet') return `read_parquet(${file})`;
  if (kind !== 'csv' && kind !== 'tsv')
    throw new ConfigError(
      `--chunk-requests: ${path}: expected a long CSV, TSV or Parquet trace, got a ${kind} file; convert it ` +
        `(routelab validate … --write trace.parquet) or replay it in memory`,
    );
  const head = await firstLine(path);
  if (!head) throw new ConfigError(`--chunk-requests: ${path}: expected a header line, got an empty file`);
  const delim = kind === 'tsv' ? '\t' : ',';
  const names = head.text.split(delim).map((n) => n.replace(/^"(.*)"$/, '$1'));
  if (!names.includes('request_id'))
    throw new ConfigError(`--chunk-requests: ${path}: expected a request_id column, got ${names.join(', ')}`);
  const types = names.map((n) => `${quoteString(n)}: 'VARCHAR'`).join(', ');
  return (
    `read_csv(${file}, delim=${quoteString(delim)}, quote='"', escape='"', header=true, auto_detect=false, ` +
    `strict_mode=true, columns={${types}})`
  );
}

async function one(conn: DuckDBConnection, sql: string): Promise<number> {
  const rows = await (await conn.run(sql)).getRows();
  return Number(rows[0]?.[0] ?? 0);
}

/**
 * Writes the chunks of `paths` (read as one trace, files in order) into `dir`, `chunkRequests` requests each.
 * A ConfigError when DuckDB cannot load or the files cannot be chunked (with what to do instead).
 */
export async function spillRequestChunks(
  paths: readonly string[],
  chunkRequests: number,
  dir: string,
  options: SpillOptions = {},
): Promise<RequestChunks> {
  const conn = await duckDbConnection();
  if (typeof conn === 'string') throw new ConfigError(`--chunk-requests: ${conn}; replay the trace in memory`);
  const sources = await Promise.all(paths.map((p) => source(p, options.format ?? 'auto')));
  // File order is the table's insertion order (rowid), which keeps the rows of a request in file order.
  await conn.run(`SET preserve_insertion_order = true`);
  await conn.run(`SET temp_directory = ${quoteString(join(dir, 'duckdb'))}`);
  if (options.memoryLimit) await conn.run(`SET memory_limit = ${quoteString(options.memoryLimit)}`);
  try {
    const union = sources.map((s) => `SELECT * FROM ${s}`).join(' UNION ALL BY NAME ');
    await conn.run(`CREATE OR REPLACE TEMP TABLE rl_raw AS ${union}`);
    const rows = await one(conn, 'SELECT count(*) FROM rl_raw');
    // Chunk k holds the ids from its first one up to the next chunk's first one (DuckDB's id order); only the
    // first ids come back here, so memory does not grow with the number of requests.
    const firsts = await (
      await conn.run(
        'SELECT request_id, count(*) OVER () ' +
          'FROM (SELECT DISTINCT request_id FROM rl_raw WHERE request_id IS NOT NULL) ' +
          `QUALIFY (row_number() OVER (ORDER BY request_id) - 1) % ${chunkRequests} = 0 ORDER BY request_id`,
      )
    ).getRows();
    const requests = Number(firsts[0]?.[1] ?? 0);
    const bounds = firsts.map((r) => quoteString(String(r[0])));
    const files: string[] = [];
    for (let k = 0; k < Math.max(1, bounds.length); k++) {
      const file = join(dir, `chunk-${String(k).padStart(6, '0')}.parquet`);
      // Rows without a request id go to chunk 0, where the reader reports them as it would in memory.
      const where = [
        k === 0 ? undefined : `request_id >= ${bounds[k]}`,
        k + 1 < bounds.length ? `request_id < ${bounds[k + 1]}` : undefined,
      ].filter((c) => c !== undefined);
      const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}${k === 0 ? ' OR request_id IS NULL' : ''}`;
      // A filtered scan keeps insertion order (preserve_insertion_order): the rows of a request stay in file order.
      await conn.run(`COPY (SELECT * FROM rl_raw ${filter}) TO ${quoteString(file)} (FORMAT parquet)`);
      files.push(file);
    }
    return { files, requests, rows };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(
      `--chunk-requests: DuckDB could not chunk ${paths.join(', ')} (${(err as Error).message.split('\n')[0]}); ` +
        `check the file with routelab validate`,
      { cause: err },
    );
  } finally {
    // The memory limit stays: the chunks are read next through the same connection, and should stay within it.
    await conn.run('DROP TABLE IF EXISTS rl_raw');
  }
}
