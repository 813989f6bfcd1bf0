/**
 * Writes datasets/profiles/providers.json: per provider × Llama-2 size, the median time to first token and
 * median output throughput of llmperf-leaderboard's 150 measured requests (550 in / 150 out tokens,
 * concurrency 5, Dec 2023). routelab uses them for the latency of a model a log never called, when the model's
 * provider and size match one (metrics/counterfactual/latency-models.ts).
 *
 *   npx tsx scripts/make-provider-profiles.ts [--raw <datasets-raw dir>]
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toJson, writeFileAtomic } from '../src/core/atomic-write.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const rawIndex = args.indexOf('--raw');
const RAW = resolve(rawIndex >= 0 ? args[rawIndex + 1]! : join(root, '../shared/datasets-raw'));
const DIR = join(RAW, 'llmperf-leaderboard/raw_data/individual');

interface Measurement {
  error_code: number | null;
  ttft_s: number;
  request_output_throughput_token_per_s: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const profiles = [];
for (const file of (await readdir(DIR)).filter((f) => f.endsWith('.json')).sort()) {
  const [provider, size] = file.replace(/\.json$/, '').split('_') as [string, string];
  const ok = (JSON.parse(await readFile(join(DIR, file), 'utf8')) as Measurement[]).filter(
    (m) => m.error_code === null,
  );
  profiles.push({
    provider,
    modelMatch: size,
    ttftMs: Math.round(median(ok.map((m) => m.ttft_s * 1000))),
    tokensPerSecond: Math.round(median(ok.map((m) => m.request_output_throughput_token_per_s)) * 10) / 10,
    requests: ok.length,
  });
}
await writeFileAtomic(
  join(root, 'datasets/profiles/providers.json'),
  toJson({
    source: 'ray-project/llmperf-leaderboard @ 27aa9b6a6c42, raw_data/individual (Apache-2.0)',
    models: 'Llama-2-{7,13,70}B chat; modelMatch is the size a model id must contain',
    profiles,
  }),
);
process.stdout.write(`wrote ${profiles.length} provider profiles\n`);
