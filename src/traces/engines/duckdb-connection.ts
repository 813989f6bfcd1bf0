import type { DuckDBConnection } from '@duckdb/node-api';
import { MACROS } from './duckdb-sql.ts';

let opened: Promise<DuckDBConnection | string> | undefined;

async function open(): Promise<DuckDBConnection | string> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (err) {
    return `the DuckDB native module did not load (${(err as Error).message.split('\n')[0]})`;
  }
  const instance = await api.DuckDBInstance.create(':memory:', {
    // Only the built-in extensions (parquet, json, icu): a read must never reach the network.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    // DuckDB's allocator keeps up to 128/512 MB of freed memory for reuse by default: for a process that
    // reads a trace and then works in JS, that is peak memory spent for nothing (~50 B/row on a 1M-row CSV).
    allocator_flush_threshold: '1MB',
    allocator_bulk_deallocation_flush_threshold: '1MB',
  });
  const connection = await instance.connect();
  // Times without a zone are UTC, as in the JS reader (ICU is built in, so the setting exists).
  await connection.run("SET TimeZone = 'UTC'");
  for (const sql of MACROS) await connection.run(sql);
  return connection;
}

/**
 * The process's one in-memory DuckDB connection (opened on first use), or a sentence saying why the
 * native module is unavailable; callers then use the streaming JS reader.
 */
export function duckDbConnection(): Promise<DuckDBConnection | string> {
  opened ??= open();
  return opened;
}
