/**
 * `routelab demo`: everything on the bundled datasets in one go — validate each, replay it against the
 * built-in policies (trained on a seeded half, replayed on the other half), train the learned router on
 * LLMDrift's training half and replay it beside the built-ins, sweep its λ and knn's λ, evaluate the same
 * policies off-policy on a simulated log of that traffic, and write the report.
 */
import { join } from 'node:path';
import { demoFlagsSchema, parseFlags } from '../flag-schemas.ts';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { builtinRegistry } from '../../../policies/index.ts';
import { VERSION } from '../../core/version.ts';
import { buildResults } from '../../metrics/results.ts';
import { sweep } from '../../evaluate/sweep.ts';
import type { ReplayResults, SweepResults } from '../../metrics/types.ts';
import { modelMeans, type ModelMeans } from '../../policy/model-means.ts';
import { policyMaker, resolvePolicy } from '../../policy/resolve-policy.ts';
import { buildCatalog } from '../../replay/catalog.ts';
import { replay } from '../../replay/replay.ts';
import { simulateLog } from '../../replay/simulate-log.ts';
import { splitByRequest } from '../../replay/split.ts';
import { describeTrace } from '../../traces/describe.ts';
import type { Trace } from '../../traces/trace.ts';
import { count, pct } from '../format.ts';
import { writeJsonTarget } from '../io.ts';
import { demoGatewayLog } from './demo-gateway-log.ts';
import { loadTrace } from '../load.ts';
import { renderResults } from './replay.ts';
import { checkOutputPaths } from '../output-paths.ts';

const DATASETS = fileURLToPath(new URL('../../../datasets/', import.meta.url));
const BUNDLED = ['llmdrift', 'pricing-reversal', 'routellm-gsm8k', 'routellm-mmlu', 'llmrouter'] as const;
/** The dataset the learned router is trained on: small enough for seconds, with real cost and latency. */
const LEARNED_ON = 'llmdrift';

/**
 * The built-ins that make sense for a dataset: a cascade from the cheapest to the best model, `fastest` where
 * latency exists.
 */
function policySpecs(train: Trace, means: ModelMeans): string[] {
  const byCost = train.modelNames.map((m, i) => ({ m, c: means.costUsd[i]!, q: means.quality[i]! }));
  const known = byCost.filter((x) => !Number.isNaN(x.c)).sort((a, b) => a.c - b.c);
  const best = [...byCost].sort((a, b) => b.q - a.q)[0]!.m;
  const specs = ['random', 'best-prior', 'knn?k=20'];
  if (known.length > 0) specs.push('cheapest');
  if (known.length > 0 && known[0]!.m !== best) specs.push(`cascade:${known[0]!.m}>${best}?accept=judge&epsilon=0.1`);
  if (train.present.has('latency_ms')) specs.push('fastest');
  return specs;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'replay the bundled datasets against the built-in policies, train the learned router, write the report',
    )
    .option('--out <dir>', 'output folder', 'out/demo')
    .option('--seed <n>', 'seed', '0')
    .action(async (flags: { out: string; seed: string }) => {
      checkOutputPaths(flags);
      const { seed } = parseFlags(demoFlagsSchema, flags);
      const out = process.stdout;
      const results: ReplayResults[] = [];
      const sweeps: SweepResults[] = [];
      let calibration:
        | Record<string, { binLow: number; binHigh: number; meanPredicted: number; observed: number; count: number }[]>
        | undefined;
      const registry = builtinRegistry();
      for (const name of BUNDLED) {
        const path = join(DATASETS, `${name}.csv.gz`);
        const { trace } = await loadTrace([path], {});
        const d = describeTrace(trace);
        out.write(
          `\n== ${name}: ${count(d.requests)} requests × ${d.models.length} models, completeness ` +
            `${pct(d.matrixCompleteness)}\n`,
        );
        const { train, test } = splitByRequest(trace, 0.5, seed);
        // Per-model means on the training half, in trace model order (the catalog a replay of `train` would build).
        const means = modelMeans(train, buildCatalog(train, train, undefined));
        const specs = policySpecs(train, means);
        if (name === LEARNED_ON) {
          const { trainRouter } = await import('../../learn/train.ts');
          const dir = join(flags.out, 'models', name);
          out.write(
            `training the learned router on ${count(train.requestCount)} requests (its own 60/20/20 split inside) …\n`,
          );
          // Logistic: on LLMDrift's few hundred training prompts it matches the MLP at a fraction of the time.
          const trained = await trainRouter(train, { seed, out: dir, arch: 'logistic' });
          calibration = Object.fromEntries(
            trained.metrics.map((m) => [
              m.model,
              m.calibrated.bins
                .filter((b) => b.count > 0)
                .map((b) => ({
                  binLow: b.lo,
                  binHigh: b.hi,
                  meanPredicted: b.meanPredicted!,
                  observed: b.meanObserved!,
                  count: b.count,
                })),
            ]),
          );
          out.write(
            `learned router: backend ${trained.backend}, AUC ` +
              `${trained.metrics.map((m) => `${m.model} ${m.calibrated.auc?.toFixed(3) ?? '–'}`).join(', ')}\n`,
          );
          // λ = 0 (best predicted quality), and λ calibrated to half the best model's cost per request on the
          // router's own calibration split — the trade-off a user would ask for.
          const quality = [...means.quality];
          const best = quality.indexOf(Math.max(...quality.filter((q) => !Number.isNaN(q))));
          specs.push(`learned:${dir}`, `learned:${dir}?target-cost=${(means.costUsd[best]! / 2).toPrecision(2)}`);
          sweeps.push(
            await sweep(test, `learned:${dir}`, 'lambda', 'auto', { seed, train, makePolicy: policyMaker(registry) }),
          );
          sweeps.push(
            await sweep(test, 'knn?k=20', 'lambda', 'auto', { seed, train, makePolicy: policyMaker(registry) }),
          );
        }
        const policies = [];
        for (const spec of specs) policies.push(await resolvePolicy(spec, registry));
        const runs = await replay(test, policies, { seed, train });
        const r = buildResults(test, runs, {
          seed,
          path: `datasets/${name}.csv.gz`,
          version: VERSION,
          by: 'task',
          baseline: runs[specs.indexOf('best-prior')]!,
        });
        results.push(r);
        await writeJsonTarget(join(flags.out, `${name}.json`), r);
        out.write(renderResults(r));
        if (name === LEARNED_ON) {
          // The same traffic as a production log would hold it — one model per request, drawn uniformly, with
          // its propensity — so the off-policy estimates can be read against the full-information truth above.
          const log = simulateLog(test, Object.fromEntries(test.modelNames.map((m) => [m, 1])), seed);
          const logged = specs.filter((spec) => !spec.startsWith('cascade:'));
          const logPolicies = [];
          for (const spec of logged) logPolicies.push(await resolvePolicy(spec, registry));
          const lr = buildResults(log, await replay(log, logPolicies, { seed, train }), {
            seed,
            path: `datasets/${name}.csv.gz (as a log: one model per request, drawn uniformly)`,
            version: VERSION,
          });
          results.push(lr);
          await writeJsonTarget(join(flags.out, `${name}-log.json`), lr);
          out.write(`\n${renderResults(lr)}`);
        }
      }
      const gateway = await demoGatewayLog(DATASETS, seed, registry, out);
      results.push(gateway);
      await writeJsonTarget(join(flags.out, 'gateway-log.json'), gateway);
      for (const s of sweeps)
        await writeJsonTarget(join(flags.out, `sweep-${s.policy.replace(/[^a-z0-9]+/gi, '-')}.json`), s);
      const { demoSimulation } = await import('./demo-simulation.ts');
      out.write(await demoSimulation(DATASETS, flags.out, seed));
      // The demo's folder also holds its results and models: its report is written beside them.
      const { writeReportInPlace } = await import('../../report/write-report.ts');
      const written = await writeReportInPlace(
        { results, sweeps, ...(calibration ? { calibration: { routelab: VERSION, calibration } } : {}) },
        flags.out,
      );
      out.write(`\nreport: ${written.html}\n`);
    });
}
