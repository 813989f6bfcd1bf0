import type { Command } from 'commander';
import { humanStream, writeJsonTarget } from '../io.ts';
import { mergeFiles } from '../merge-files.ts';
import { renderResults } from '../render-results.ts';

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
