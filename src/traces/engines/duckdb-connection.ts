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
