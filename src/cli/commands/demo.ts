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
import { type CalibrationBin, demoDataset } from '../../evaluate/demo-flow.ts';
import type { ReplayResults, SweepResults } from '../../metrics/types.ts';
import { policyMaker } from '../../policy/resolve-policy.ts';
import { describeTrace } from '../../traces/describe.ts';
import { count, pct } from '../format.ts';
import { writeJsonTarget } from '../io.ts';
import { demoGatewayLog } from './demo-gateway-log.ts';
import { loadTrace } from '../load.ts';
import { renderResults } from '../render-results.ts';
import { checkOutputPaths } from '../output-paths.ts';

const DATASETS = fileURLToPath(new URL('../../../datasets/', import.meta.url));
const BUNDLED = ['llmdrift', 'pricing-reversal', 'routellm-gsm8k', 'routellm-mmlu', 'llmrouter'] as const;
/** The dataset the learned router is trained on: small enough for seconds, with real cost and latency. */
const LEARNED_ON = 'llmdrift';

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
      let calibration: Record<string, CalibrationBin[]> | undefined;
      const registry = builtinRegistry();
      const makePolicy = policyMaker(registry);
      for (const name of BUNDLED) {
        const path = join(DATASETS, `${name}.csv.gz`);
        const { trace } = await loadTrace([path], {});
        const d = describeTrace(trace);
        out.write(
          `\n== ${name}: ${count(d.requests)} requests × ${d.models.length} models, completeness ` +
            `${pct(d.matrixCompleteness)}\n`,
        );
        const learned = name === LEARNED_ON;
        const r = await demoDataset(trace, {
          name,
          seed,
          makePolicy,
          ...(learned
            ? {
                learnedDir: join(flags.out, 'models', name),
                // Logistic: on LLMDrift's few hundred training prompts it matches the MLP at a fraction of the time.
                train: async (t, dir, s) =>
                  (await import('../../learn/train.ts')).trainRouter(t, { seed: s, out: dir, arch: 'logistic' }),
              }
            : {}),
          onTraining: (n) =>
            out.write(`training the learned router on ${count(n)} requests (its own 60/20/20 split inside) …\n`),
          onTrained: (trained) =>
            out.write(
              `learned router: backend ${trained.backend}, AUC ` +
                `${trained.metrics.map((m) => `${m.model} ${m.calibrated.auc?.toFixed(3) ?? '–'}`).join(', ')}\n`,
            ),
        });
        sweeps.push(...r.sweeps);
        calibration ??= r.calibration;
        results.push(r.results);
        await writeJsonTarget(join(flags.out, `${name}.json`), r.results);
        out.write(renderResults(r.results));
        if (r.asLog) {
          results.push(r.asLog);
          await writeJsonTarget(join(flags.out, `${name}-log.json`), r.asLog);
          out.write(`\n${renderResults(r.asLog)}`);
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
