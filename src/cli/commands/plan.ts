import { join } from 'node:path';
import type { Command } from 'commander';
import { toJson, writeFileAtomic } from '../../core/atomic-write.ts';
import { ConfigError } from '../../core/errors.ts';
import { VERSION } from '../../core/version.ts';
import { planSample } from '../../metrics/shadow-plan-sample.ts';
import { batchRequestLine } from '../../traces/log-openai-batch.ts';
import { count, pct, table } from '../format.ts';
import { loadTrace } from '../load.ts';
import { withTraceOptions } from '../common-flags.ts';

interface PlanFlags {
  candidates: string;
  precision: string;
  by?: string;
  seed: string;
  out: string;
  maxTokens?: string;
  format?: string;
  lenient?: boolean;
}

/** A model id as a file name: `openai/gpt-4o-mini` → `openai_gpt-4o-mini`. */
const fileName = (model: string): string => model.replace(/[^A-Za-z0-9._-]+/g, '_');

export function registerPlan(program: Command): void {
  const cmd = program
    .command('plan')
    .description(
      'shadow evaluation: pick a stratified sample of logged requests to re-run on candidate models, sized so ' +
        'each candidate’s quality CI over the whole log reaches ±precision; writes OpenAI Batch API JSONL',
    )
    .argument('<log...>', 'the production log (any trace format or gateway log; needs prompts)')
    .requiredOption('--candidates <models>', 'comma-separated candidate models to re-run the sample on')
    .option(
      '--precision <halfWidth>',
      '95% CI half-width to reach for each candidate, on the [0,1] quality scale',
      '0.02',
    )
    .option('--by <column>', 'stratify by task or a tag column (each slice gets its own share of the sample)')
    .option('--seed <n>', 'seed of the sample', '0')
    .option('--max-tokens <n>', 'max_tokens for every batch request')
    .requiredOption('--out <dir>', 'folder for batch-<model>.jsonl files and plan.json');
  withTraceOptions(cmd).action(async (paths: string[], flags: PlanFlags) => {
    const candidates = flags.candidates
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (candidates.length === 0) throw new ConfigError('--candidates: expected at least one model, got none');
    const precision = Number(flags.precision);
    const seed = Number(flags.seed);
    if (!Number.isInteger(seed) || seed < 0)
      throw new ConfigError(`--seed: expected a non-negative integer, got "${flags.seed}"`);
    const maxTokens = flags.maxTokens === undefined ? undefined : Number(flags.maxTokens);
    if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens > 0)) {
      throw new ConfigError(`--max-tokens: expected a positive integer, got "${flags.maxTokens}"`);
    }
    const { trace } = await loadTrace(paths, { ...flags, prices: 'none' });
    const plan = planSample(trace, { precision, seed, ...(flags.by ? { by: flags.by } : {}) });
    const noPrompt = plan.sample.filter((s) => trace.prompts[s.request] === undefined);
    if (noPrompt.length > 0) {
      throw new ConfigError(
        `plan: ${noPrompt.length} sampled requests have no prompt ` +
          `(first: ${trace.requestIds[noPrompt[0]!.request]}); ` +
          'a shadow evaluation re-sends the prompt, so log prompts (or join them onto the export) first',
      );
    }
    for (const model of candidates) {
      const lines = plan.sample.map((s) =>
        batchRequestLine(trace.requestIds[s.request]!, model, trace.prompts[s.request]!, maxTokens),
      );
      await writeFileAtomic(join(flags.out, `batch-${fileName(model)}.jsonl`), `${lines.join('\n')}\n`);
    }
    const task = (r: number): string | null =>
      trace.requestTask[r]! >= 0 ? trace.taskNames[trace.requestTask[r]!]! : null;
    await writeFileAtomic(
      join(flags.out, 'plan.json'),
      toJson({
        routelab: VERSION,
        log: paths,
        logRequests: trace.requestCount,
        candidates,
        precision,
        by: flags.by ?? null,
        seed,
        halfWidth: plan.halfWidth,
        strata: plan.strata,
        requests: plan.sample.map((s) => ({
          request_id: trace.requestIds[s.request],
          stratum: s.stratum,
          probability: s.probability,
          task: task(s.request),
          prompt: trace.prompts[s.request],
        })),
      }),
    );
    process.stdout.write(
      `${table(
        ['stratum', 'requests', 'sampled', 'sd'],
        plan.strata.map((s) => [s.label, count(s.requests), count(s.sampled), s.sd.toFixed(3)]),
      )}\n${count(plan.sample.length)} of ${count(trace.requestCount)} requests × ${candidates.length} candidates = ` +
        `${count(plan.sample.length * candidates.length)} calls; expected 95% half-width ±${pct(plan.halfWidth)} ` +
        `(asked ±${pct(precision)})\nwrote ${join(flags.out, 'plan.json')} and ${candidates.length} batch file(s)\n`,
    );
  });
}
