/**
 * `trainRouter --arch logistic` on a generated trace of N requests × 4 models (prompts of 20–60 words with
 * a planted topic signal): wall and CPU seconds of the whole training (split, featurise, L-BFGS with its
 * L2 path, calibration, held-out metrics; no routing replay) and the peak RSS against the 2-minute / 1 GB
 * budget of issue 14. The machine is shared: CPU seconds are the fairer clock.
 *
 *   npx tsx bench/learn-scale.ts [requests=100000]
 */
import { createRng } from '../src/core/rng.ts';
import { trainRouter } from '../src/learn/train.ts';
import { emptyRow, TraceBuilder } from '../src/traces/builder.ts';
import type { Trace } from '../src/traces/trace.ts';

const N = Number(process.argv[2] ?? 100_000);
const M = 4;

function generate(n: number): Trace {
  const rng = createRng(7);
  const b = new TraceBuilder();
  const src = b.addSource('generated');
  const row = emptyRow();
  const topics = ['integral', 'poem', 'python', 'history'];
  for (let r = 0; r < n; r++) {
    const topic = rng.int(topics.length);
    const len = 20 + rng.int(40);
    const words = Array.from({ length: len }, () => `w${Math.floor(20000 * rng.next() ** 2)}`);
    words[rng.int(len)] = topics[topic]!;
    const prompt = words.join(' ');
    for (let m = 0; m < M; m++) {
      Object.assign(row, emptyRow(), {
        requestId: `q${r}`,
        model: `m${m}`,
        prompt,
        costUsd: 1e-4 * 2 ** m,
        // Model m is good at topic m and middling elsewhere; bigger models are better overall.
        quality: rng.next() < (topic === m ? 0.85 : 0.35 + 0.1 * m) ? 1 : 0,
      });
      b.add(row, src, r * M + m + 2);
    }
  }
  return b.finish();
}

const trace = generate(N);
const rssBefore = process.resourceUsage().maxRSS / 1024;
const t0 = performance.now(),
  c0 = process.cpuUsage();
const result = await trainRouter(trace, { arch: 'logistic', seed: 0 });
const c = process.cpuUsage(c0);
const wallS = (performance.now() - t0) / 1000,
  cpuS = (c.user + c.system) / 1e6;
const peakMb = process.resourceUsage().maxRSS / 1024;
const auc = result.metrics.map((m) => m.calibrated.auc?.toFixed(3)).join(' / ');
console.log(
  `generated ${N.toLocaleString()} requests × ${M} models; peak RSS after generating: ${rssBefore.toFixed(0)} MB`,
);
console.log(
  `trainRouter --arch logistic: ${wallS.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU (shared machine), peak RSS ` +
    `${peakMb.toFixed(0)} MB`,
);
console.log(
  `  budget 120 s / 1024 MB: ×${(cpuS / 120).toFixed(2)} of the time (CPU), ` +
    `×${(peakMb / 1024).toFixed(2)} of the memory`,
);
console.log(`  ${result.manifest.fit.epochsRun} fits (L2 path + refit), held-out AUC per model ${auc}`);
