import { join } from 'node:path';
import { builtinRegistry } from '../../../policies/index.ts';
import { VERSION } from '../../core/version.ts';
import { type SimRunResult, type SimulationResults, summarizeSimRun } from '../../metrics/simulation-summary.ts';
import { resolvePolicy } from '../../policy/resolve-policy.ts';
import { readArrivalPattern } from '../../simulate/arrival-pattern.ts';
import type { Deployment } from '../../simulate/deployment.ts';
import { readDeployment } from '../../simulate/load-deployment.ts';
import { simulate } from '../../simulate/simulate.ts';
import { renderSimulation } from './simulate.ts';
import { writeJsonTarget } from '../io.ts';
import { loadTrace } from '../load.ts';

const SLO_MS = 30_000;

/**
 * The demo's gateway simulation: LLMDrift's requests on the Azure code-service arrival pattern through the
 * bundled deployment (two providers per model, an outage on OpenAI's gpt-4-0613, an rpm/tpm limit on
 * gpt-3.5-turbo-0613), comparing OpenRouter's provider routing, LiteLLM's least-busy and two load-aware
 * policies. Writes `simulation.json` and the simulation charts (`sim-*.svg`) into `outDir`; returns the table.
 */
export async function demoSimulation(datasets: string, outDir: string, seed: number): Promise<string> {
  const path = join(datasets, 'llmdrift.csv.gz');
  const deploymentPath = join(datasets, 'deployments', 'llmdrift-gateway.json');
  const { trace, prices } = await loadTrace([path], {});
  const openRouter = await readDeployment(deploymentPath);
  const liteLlm: Deployment = {
    ...openRouter,
    gateway: { ...openRouter.gateway, routing: { type: 'litellm', strategy: 'least-busy', lowestLatencyBuffer: 0 } },
  };
  const options = {
    seed,
    arrivals: { type: 'pattern', name: 'azure-code' } as const,
    pattern: readArrivalPattern('azure-code'),
    ...(prices ? { prices } : {}),
  };
  const registry = builtinRegistry();
  const runs: SimRunResult[] = [];
  const cases: [Deployment, string, string][] = [
    [openRouter, 'always:gpt-4-0613', 'OpenRouter provider routing'],
    [liteLlm, 'always:gpt-4-0613', 'LiteLLM least-busy'],
    [openRouter, 'least-busy', 'OpenRouter provider routing'],
    [openRouter, 'latency-slo:20000', 'OpenRouter provider routing'],
  ];
  for (const [deployment, spec, routing] of cases) {
    const out = await simulate(trace, deployment, [await resolvePolicy(spec, registry)], options);
    const run = out.runs[0]!;
    const label = `${spec} · ${routing}`;
    runs.push(
      run.error === undefined
        ? { ...summarizeSimRun(run, SLO_MS), policy: label }
        : ({ policy: label, error: run.error } as SimRunResult),
    );
  }
  const results: SimulationResults = {
    routelab: VERSION,
    trace: { path, requests: trace.requestCount, models: [...trace.modelNames] },
    deployment: {
      path: deploymentPath,
      providers: openRouter.providers.map((p) => ({ name: p.name, model: p.model })),
    },
    arrivals: 'azure:code',
    seed,
    warnings: [],
    runs,
  };
  await writeJsonTarget(join(outDir, 'simulation.json'), results);
  const { writeSimulationCharts } = await import('../../report/write-simulation-charts.ts');
  await writeSimulationCharts(results, [], outDir);
  const head = '\n== gateway simulation: llmdrift on the Azure code arrival pattern, an outage and a rate limit\n';
  return `${head}${renderSimulation(path, trace.requestCount, runs, SLO_MS)}`;
}
