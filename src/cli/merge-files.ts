import { readFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors.ts';
import { type MergedResults, mergeShardResults, type ShardResults } from '../metrics/merge-results.ts';

/** Reads shard results files and merges them (errors name the file). */
export async function mergeFiles(paths: readonly string[]): Promise<MergedResults> {
  const files: ShardResults[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new ConfigError(`merge: expected a readable results file, got ${path} (${(err as Error).message})`);
    }
    try {
      files.push(JSON.parse(text) as ShardResults);
    } catch (err) {
      throw new ConfigError(`merge: ${path}: expected results JSON from replay --shard i/n --json, got invalid JSON`, {
        cause: err,
      });
    }
  }
  return mergeShardResults(files);
}
