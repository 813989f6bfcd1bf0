/**
 * Rebuilds the simulator's bundled inputs from the raw upstream copies (datasets-raw/SOURCES.md):
 *
 *   npx tsx scripts/build-simulation-datasets.ts [--raw <datasets-raw dir>] [--out <dir>]
 *
 * - `arrivals/azure-{code,conv}-2023.csv.gz`: the Azure LLM inference trace's arrival times as ms offsets
 *   from its first request (tokens dropped: the simulator takes token counts from the routed trace).
 * - prints the thefastest.ai medians (ttft, output tokens/s) per endpoint that
 *   `deployments/llmdrift-gateway.json` uses as its Azure providers' latency profiles.
 * Deterministic: gzip level 9 with no timestamp in the header.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../src/core/atomic-write.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RAW = resolve(flag('--raw') ?? process.env.ROUTELAB_DATASETS_RAW ?? join(root, '../shared/datasets-raw'));
const OUT = resolve(flag('--out') ?? join(root, 'datasets'));

/** `2023-11-16 18:17:03.9799600` (UTC, 7 fractional digits) → epoch ms. */
function azureMs(stamp: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}):(\d{2}(?:\.\d+)?)$/.exec(stamp);
  if (!m) throw new Error(`AzurePublicDataset: unexpected TIMESTAMP "${stamp}"`);
  return Date.parse(`${m[1]}T${m[2]}:00Z`) + Number(m[3]) * 1000;
}

for (const service of ['code', 'conv']) {
  const text = await readFile(join(RAW, `AzurePublicDataset/data/AzureLLMInferenceTrace_${service}.csv`), 'utf8');
  const times = text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => azureMs(line.split(',')[0]!))
    .sort((a, b) => a - b);
  const lines = times.map((t) => String(Math.round((t - times[0]!) * 1000) / 1000));
  const gz = gzipSync(`offset_ms\n${lines.join('\n')}\n`, { level: 9 });
  await writeFileAtomic(join(OUT, `arrivals/azure-${service}-2023.csv.gz`), gz);
  process.stdout.write(`arrivals/azure-${service}-2023.csv.gz: ${times.length} arrivals\n`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)]! + s[Math.ceil(h)]!) / 2;
};
const dir = join(RAW, 'thefastest.ai/website/public/data/history');
const by = new Map<string, { ttft: number[]; tps: number[] }>();
for (const f of (await readdir(dir)).sort()) {
  let runs: unknown;
  try {
    runs = JSON.parse(await readFile(join(dir, f), 'utf8'));
  } catch {
    continue; // SOURCES.md: two upstream versions were not JSON
  }
  if (!Array.isArray(runs)) continue;
  for (const run of runs as { results?: { model: string; ttft?: number; tps?: number }[] }[])
    for (const r of run.results ?? []) {
      if (!/^azure\.(eastus2|westus)\/gpt-(4|3\.5)/.test(r.model) || !r.ttft || !r.tps) continue;
      const e = by.get(r.model) ?? { ttft: [], tps: [] };
      e.ttft.push(r.ttft);
      e.tps.push(r.tps);
      by.set(r.model, e);
    }
}
for (const [model, e] of [...by].sort())
  process.stdout.write(
    `${model}: n=${e.ttft.length} ttftMs=${Math.round(median(e.ttft) * 1000)} ` +
      `outputTokensPerS=${median(e.tps).toFixed(1)}\n`,
  );
