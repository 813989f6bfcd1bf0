/**
 * The demo's last step: "replay my gateway log" on the bundled LiteLLM SpendLogs export (datasets/gateway-log),
 * answered from what a log can support — production as measured, DR estimates, estimated costs apart — with the
 * truth of every "always <model>" policy printed beside it (truth.json), so the reader sees the estimates hold.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VERSION } from '../../core/version.ts';
import { buildResults } from '../../metrics/results.ts';
import type { ReplayResults } from '../../metrics/types.ts';
import { resolvePolicy } from '../../policy/resolve-policy.ts';
import type { PolicyRegistry } from '../../policy/registry.ts';
import { replay } from '../../replay/replay.ts';
import { renderResults } from '../render-results.ts';
import { counterfactualInputs } from '../counterfactual-inputs.ts';
import { pct } from '../format.ts';
import { loadTrace } from '../load.ts';

const LOG = 'gateway-log/litellm-spend-logs.json.gz';

export async function demoGatewayLog(
  datasets: string,
  seed: number,
  registry: PolicyRegistry,
  out: NodeJS.WritableStream,
): Promise<ReplayResults> {
  const { trace, prices } = await loadTrace([join(datasets, LOG)], {});
  out.write(`\n== replay my gateway log: datasets/${LOG} (LiteLLM SpendLogs, ${trace.requestCount} requests)\n`);
  const specs = [...trace.modelNames.map((m) => `always:${m}`), 'cheapest', 'random'];
  const policies = await Promise.all(specs.map((s) => resolvePolicy(s, registry)));
  const results = buildResults(trace, await replay(trace, policies, { seed }), {
    seed,
    path: `datasets/${LOG}`,
    version: VERSION,
    ...(prices ? { counterfactual: await counterfactualInputs(prices, undefined) } : {}),
  });
  out.write(renderResults(results));
  const truth = JSON.parse(await readFile(join(datasets, 'gateway-log/truth.json'), 'utf8')) as {
    always: Record<string, { quality: number }>;
  };
  out.write('truth under this gateway (truth.json): ');
  out.write(
    `${Object.entries(truth.always)
      .map(([p, t]) => `${p} ${pct(t.quality)}`)
      .join(', ')}\n`,
  );
  return results;
}
