/**
 * Policy sandbox overhead: the same user policy file (a prompt-length router with an observe() that keeps
 * a running quality per model) replayed over RouteLLM MMLU in process (loadUserPolicy + the replay loop)
 * and in its sandbox worker (SandboxedPolicy: the trace is sent once, the decisions come back once).
 * Prints load and run times (best of 3; the machine is shared, so the minimum is the least disturbed run)
 * and the ratios. Asserts nothing.
 *
 *   npx tsx bench/policy-sandbox.ts [trace=datasets/routellm-mmlu.csv.gz]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadUserPolicy } from '../src/policy/load-user-policy.ts';
import { parseSpec } from '../src/policy/spec.ts';
import { replay } from '../src/replay/replay.ts';
import { SandboxedPolicy } from '../src/replay/sandboxed-policy.ts';
import { readTrace } from '../src/traces/read-trace.ts';

const path = process.argv[2] ?? 'datasets/routellm-mmlu.csv.gz';
const trace = await readTrace(path);
const [weak, strong] = trace.modelNames;
const dir = mkdtempSync(join(tmpdir(), 'routelab-bench-sandbox-'));
const file = join(dir, 'length-router.ts');
writeFileSync(
  file,
  `const seen = new Map<string, number>();
export default {
  name: 'length-router',
  decide: (r: { prompt?: string }) =>
    ({ type: 'model', model: (r.prompt?.length ?? 0) > 400 ? ${JSON.stringify(strong)} : ${JSON.stringify(weak)} }),
  observe: (f: { model: string; quality: number }) => {
    seen.set(f.model, (seen.get(f.model) ?? 0) + (f.quality || 0));
  },
};
`,
);
const spec = parseSpec(file);

async function best3(fn: () => Promise<unknown>): Promise<number> {
  let ms = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

const options = { cwd: dir, timeoutMs: 120_000, maxMemoryMb: 1024 };
let loaded: SandboxedPolicy[] = [];
const inLoadMs = await best3(() => loadUserPolicy(spec, dir));
const inRunMs = await best3(async () => replay(trace, [await loadUserPolicy(spec, dir)], { seed: 0 }));
const sbLoadMs = await best3(async () => {
  const p = await SandboxedPolicy.load(spec, options);
  loaded.push(p);
});
// Runs of the policies loaded above (each SandboxedPolicy runs once), timed without their load.
const sbRunMs = await best3(async () => replay(trace, [loaded.pop()!], { seed: 0 }));
loaded = [];
const [a] = await replay(trace, [await loadUserPolicy(spec, dir)], { seed: 0 });
const [b] = await replay(trace, [await SandboxedPolicy.load(spec, options)], { seed: 0 });
const same = JSON.stringify([...a!.chosen]) === JSON.stringify([...b!.chosen]);

const f = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;
process.stdout.write(
  `${path}: ${trace.requestCount.toLocaleString('en-US')} requests × ${trace.modelNames.length} models ` +
    `(shared machine: wall-clock figures, best of 3)\n` +
    `load   in process ${f(inLoadMs)} (compiled once, then cached) | ` +
    `sandbox ${f(sbLoadMs)} (worker start + compile)\n` +
    `replay in process ${f(inRunMs)} | sandbox ${f(sbRunMs)} | ratio ${(sbRunMs / inRunMs).toFixed(2)}×, ` +
    `+${(sbRunMs - inRunMs).toFixed(0)} ms per run\n` +
    `identical decisions: ${same}\n`,
);
