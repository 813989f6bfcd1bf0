import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.ts';
import { type MergedResults, mergeShardResults, type ShardResults } from '../../metrics/merge-results.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { renderResults } from './replay.ts';

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
    } catch {
      throw new ConfigError(`merge: ${path}: expected results JSON from replay --shard i/n --json, got invalid JSON`);
    }
  }
  return mergeShardResults(files);
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description("merge the results of `replay --shard i/n` runs into the whole replay's results")
    .argument('<results...>', 'results JSON files of every shard (replay --shard i/n --json <file>)')
    .option('--json <file>', 'write the merged results JSON (- for stdout)')
    .action(async (paths: string[], flags: { json?: string }) => {
      const merged = await mergeFiles(paths);
      if (flags.json) await writeJsonTarget(flags.json, merged);
      const out = humanStream(flags.json);
      out.write(renderResults(merged));
      out.write(
        `merged ${merged.merged.shards} shards; latency percentiles: ${merged.merged.latencyPercentiles}; ` +
          `quality CI: ${merged.merged.qualityCi}\n`,
      );
    });
}
