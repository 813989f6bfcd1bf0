/**
 * Writes datasets/profiles/length-ratios.json: output-length ratios between models that answered the same
 * prompts in the bundled full-information datasets (metrics/counterfactual/length-ratios.ts), used by replay
 * to estimate the cost of a model a log did not call. routellm-mmlu (output length assumed 1) and llmrouter
 * (no output length) have none to give.
 *
 *   npx tsx scripts/make-length-ratios.ts
 */
import { join, resolve } from 'node:path';
import { toJson, writeFileAtomic } from '../src/core/atomic-write.ts';
import { learnLengthRatios } from '../src/metrics/counterfactual/length-ratios.ts';
import { readTrace } from '../src/traces/read-trace.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
/** Ratios learned from fewer shared prompts than this are left out. */
const MIN_REQUESTS = 30;

const ratios: { from: string; to: string; ratio: number; se: number; requests: number; dataset: string }[] = [];
for (const dataset of ['llmdrift', 'pricing-reversal', 'routellm-gsm8k']) {
  const trace = await readTrace(join(root, 'datasets', `${dataset}.csv.gz`));
  for (const [key, r] of learnLengthRatios(trace)) {
    if (r.requests < MIN_REQUESTS) continue;
    const [from, to] = key.split('\u0000') as [string, string];
    ratios.push({ from, to, ratio: r.ratio, se: r.se, requests: r.requests, dataset });
  }
}
ratios.sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
await writeFileAtomic(
  join(root, 'datasets/profiles/length-ratios.json'),
  toJson({ source: 'bundled datasets: llmdrift, pricing-reversal, routellm-gsm8k', minRequests: MIN_REQUESTS, ratios }),
);
process.stdout.write(`wrote ${ratios.length} length ratios\n`);
