import type { Command } from 'commander';
import { builtinRegistry } from '../../../policies/index.ts';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { ConfigError } from '../../core/errors.ts';
import { loadModelDir } from '../../learn/index.ts';
import { predictionsCsv } from '../../learn/predictions.ts';
import { parseSpec } from '../../policy/spec.ts';
import { withTraceOptions } from '../common-flags.ts';
import { loadTrace, refuseEmpty, type TraceFlags } from '../load.ts';
import { resolvePolicy } from '../../policy/resolve-policy.ts';

export function registerScore(program: Command): void {
  const cmd = program
    .command('score')
    .description(
      "write a learned router's predicted quality per (request, model) as CSV, for its SQL replay (docs/sql.md)",
    )
    .argument('<trace...>', 'trace files (read as one trace)')
    .requiredOption('--policy <spec>', 'the learned router, learned:<model dir>[?embeddings=<file>]')
    .requiredOption('--out <file>', 'the predictions CSV (request_id, model, predicted_quality)');
  withTraceOptions(cmd).action(async (paths: string[], flags: TraceFlags & { policy: string; out: string }) => {
    const s = parseSpec(flags.policy);
    if (s.kind !== 'builtin' || s.name !== 'learned')
      throw new ConfigError(`score --policy: expected learned:<model dir>, got "${flags.policy}"`);
    // Resolving checks the spec's options as replay would.
    await resolvePolicy(flags.policy, builtinRegistry());
    const loaded = await loadModelDir(s.arg, s.options.embeddings ? { embeddingsFile: s.options.embeddings } : {});
    const { trace } = await loadTrace(paths, flags);
    refuseEmpty(trace, paths);
    await writeFileAtomic(flags.out, predictionsCsv(trace, loaded.predictor()));
    process.stdout.write(
      `wrote ${flags.out}: ${trace.requestCount} requests × ${loaded.manifest.models.length} models\n`,
    );
  });
}
