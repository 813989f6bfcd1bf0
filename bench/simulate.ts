/**
 * Simulator throughput: 1M requests through 10 providers of one model (c slots each, FIFO queues, Poisson
 * arrivals, exponential service times recorded in the trace), beside a Python heapq DES of the same M/M/c
 * model (bench/simulate_heapq.py) run in the same script. Both mean waits are checked against Erlang C.
 *
 *   npx tsx bench/simulate.ts [requests]        (default 1,000,000)
 *
 * Times are CPU seconds of each process (the machine is shared: 2 cores for several agents), so events/s
 * and requests/s are per CPU second. Figures and ratios are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { createRng } from '../src/core/rng.ts';
import type { Policy } from '../src/policy/types.ts';
import { parseDeployment } from '../src/simulate/load-deployment.ts';
import { simulate } from '../src/simulate/simulate.ts';
import { TraceBuilder, emptyRow } from '../src/traces/builder.ts';
import type { Trace } from '../src/traces/trace.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const PROVIDERS = 10,
  SERVERS = 4,
  LAMBDA_PER_S = 30,
  MU_PER_S = 1;

function generate(n: number): Trace {
  const rng = createRng(42);
  const b = new TraceBuilder();
  const src = b.addSource('synthetic');
  const row = emptyRow();
  row.model = 'm';
  row.costUsd = 0.001;
  for (let r = 0; r < n; r++) {
    row.requestId = `q${r}`;
    row.latencyMs = (-Math.log(1 - rng.next()) / MU_PER_S) * 1000;
    b.add(row, src, r + 2);
  }
  return b.finish();
}

/** Erlang C wait in an M/M/c queue (seconds). */
function erlangCWaitS(c: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  let term = 1,
    sum = 0;
  for (let k = 0; k < c; k++) [sum, term] = [sum + term, (term * a) / (k + 1)];
  const top = term * (c / (c - a));
  return top / (sum + top) / (c * mu - lambda);
}

const trace = generate(N);
const deployment = parseDeployment(
  'bench.json',
  JSON.stringify({
    providers: Array.from({ length: PROVIDERS }, (_v, i) => ({ name: `p${i}`, model: 'm', concurrency: SERVERS })),
  }),
);
const policy: Policy = { name: 'always:m', decide: () => ({ type: 'model', model: 'm' }) };
const cpu0 = process.cpuUsage();
const out = await simulate(trace, deployment, [policy], { seed: 1, arrivals: { type: 'poisson', perS: LAMBDA_PER_S } });
const cpu = process.cpuUsage(cpu0);
const tsCpuS = (cpu.user + cpu.system) / 1e6;
const run = out.runs[0]!;
let waitMs = 0;
for (let a = 0; a < run.calls.size; a++) waitMs += run.calls.startMs[a]! - run.calls.sendMs[a]!;
const tsWaitS = waitMs / run.calls.size / 1000;

const py = spawnSync(
  '/usr/bin/python3',
  ['bench/simulate_heapq.py', String(N), String(PROVIDERS), String(SERVERS), String(LAMBDA_PER_S), String(MU_PER_S)],
  { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname },
);
if (py.status !== 0) throw new Error(`python3 bench/simulate_heapq.py failed: ${py.stderr}`);
const ref = JSON.parse(py.stdout) as { cpuS: number; events: number; meanWaitS: number };

const theory = erlangCWaitS(SERVERS, LAMBDA_PER_S / PROVIDERS, MU_PER_S);
const f = (x: number) => Math.round(x).toLocaleString('en-US');
const lines = [
  `simulate: ${N.toLocaleString('en-US')} requests, ${PROVIDERS} providers × ${SERVERS} slots, ` +
    `λ = ${LAMBDA_PER_S}/s, μ = ${MU_PER_S}/s per slot (CPU seconds; shared machine)`,
  `  routelab (TS) : ${tsCpuS.toFixed(2)} CPU s, ${f(run.events)} events, ${f(run.events / tsCpuS)} events/s, ` +
    `${f(N / tsCpuS)} requests/s, mean wait ${tsWaitS.toFixed(4)} s`,
  `  Python heapq  : ${ref.cpuS.toFixed(2)} CPU s, ${f(ref.events)} events, ${f(ref.events / ref.cpuS)} events/s, ` +
    `${f(N / ref.cpuS)} requests/s, mean wait ${ref.meanWaitS.toFixed(4)} s`,
  `  Erlang C wait : ${theory.toFixed(4)} s; TS/theory ${(tsWaitS / theory).toFixed(3)}, ` +
    `Python/theory ${(ref.meanWaitS / theory).toFixed(3)}`,
  `  requests/s ratio TS / Python heapq: ${(ref.cpuS / tsCpuS).toFixed(2)}× ` +
    '(the TS run also routes, rate-limit checks, keeps per-call logs and asks a policy per request)',
];
process.stdout.write(`${lines.join('\n')}\n`);
