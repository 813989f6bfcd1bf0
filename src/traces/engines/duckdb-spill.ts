/**
 * Request chunks for a streamed replay of a trace bigger than memory (`replay --chunk-requests n`): DuckDB
 * reads the files once (out of core, spilling to `dir`), numbers the distinct request ids in id order, and
 * writes chunk k — the rows of requests k·n … (k+1)·n − 1 — as one Parquet file, every row of a request in
 * the same chunk and in file order. Cells stay as the file had them (CSV/TSV text, Parquet types), so the
 * readers check each chunk by their usual rules; only the line numbers of the original file are lost.
 *
 *   files ─► raw (file order = rowid) ─► ids (request_id → ⌊rank / n⌋) ─► spill (by chunk, rowid) ─► chunk-k.parquet
 */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ConfigError } from '../../core/errors.ts';
import { fileKind, type TraceFormat } from '../read-trace.ts';
import { firstLine } from './count-line-ends.ts';
import { duckDbConnection } from './duckdb-connection.ts';
import { quoteIdent, quoteString } from './duckdb-sql.ts';

export interface RequestChunks {
  /** Chunk files in chunk order (chunk k holds the k-th block of request ids in DuckDB's id order). */
  readonly files: readonly string[];
  readonly requests: number;
  readonly rows: number;
}

export interface SpillOptions {
  readonly format?: TraceFormat;
  /** DuckDB's memory limit while it sorts (it spills to `dir` beyond it), e.g. '1GB'. */
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
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE rl_ids AS SELECT request_id, ` +
        `(row_number() OVER (ORDER BY request_id) - 1) // ${chunkRequests} AS rl_chunk ` +
        `FROM (SELECT DISTINCT request_id FROM rl_raw WHERE request_id IS NOT NULL)`,
    );
    // Rows without a request id go to chunk 0, where the reader reports them as it would in memory.
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE rl_spill AS SELECT coalesce(i.rl_chunk, 0) AS rl_chunk, r.* ` +
        `FROM rl_raw r LEFT JOIN rl_ids i USING (request_id) ORDER BY rl_chunk, r.rowid`,
    );
    await conn.run('DROP TABLE rl_raw');
    const requests = await one(conn, 'SELECT count(*) FROM rl_ids');
    const rows = await one(conn, 'SELECT count(*) FROM rl_spill');
    const count = Math.max(1, Math.ceil(requests / chunkRequests));
    const files: string[] = [];
    for (let k = 0; k < count; k++) {
      const file = join(dir, `chunk-${String(k).padStart(6, '0')}.parquet`);
      // The spill table is in chunk order: each chunk is a contiguous run of its row groups.
      await conn.run(
        `COPY (SELECT * EXCLUDE (rl_chunk) FROM rl_spill WHERE rl_chunk = ${k}) TO ${quoteString(file)} ` +
          `(FORMAT parquet)`,
      );
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
    for (const t of ['rl_raw', 'rl_ids', 'rl_spill']) await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
    await conn.run('RESET memory_limit');
  }
}
