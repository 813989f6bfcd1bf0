import { describe, expect, it } from 'vitest';
import { summarizeSimRun } from '../../src/metrics/simulation-summary.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import type { SimRun } from '../../src/simulate/types.ts';
import { always, deployment, erlangC, exponentialTrace } from './synthetic.ts';

/** Mean wait for a slot over every call (ms). */
function meanWaitMs(run: SimRun): number {
  let s = 0;
  for (let a = 0; a < run.calls.size; a++) s += run.calls.startMs[a]! - run.calls.sendMs[a]!;
  return s / run.calls.size;
}

async function mmc(c: number, lambdaPerS: number, muPerS: number, n: number, seed: number): Promise<SimRun> {
  const trace = exponentialTrace(n, muPerS, seed);
  const d = deployment({ providers: [{ name: 'p', model: 'a', concurrency: c }] });
  const out = await simulate(trace, d, [always('a')], { seed, arrivals: { type: 'poisson', perS: lambdaPerS } });
  return out.runs[0]!;
}

describe('queueing theory', () => {
  it('M/M/1 mean queue wait is ρ/(μ−λ) within 3%', async () => {
    // λ = 0.5/s, μ = 1/s: Wq = 0.5 / 0.5 = 1 s.
    const run = await mmc(1, 0.5, 1, 200_000, 11);
    expect(Math.abs(meanWaitMs(run) / 1000 - 1)).toBeLessThan(0.03);
  });

  it('M/M/c mean queue wait is Erlang C / (cμ − λ) within 3%', async () => {
    // c = 3, λ = 2/s, μ = 1/s: a = 2, C(3, 2) = 4/9, Wq = (4/9) / (3 − 2) = 0.444 s.
    const expected = erlangC(3, 2) / (3 - 2);
    expect(expected).toBeCloseTo(4 / 9, 12);
    const run = await mmc(3, 2, 1, 200_000, 12);
    expect(Math.abs(meanWaitMs(run) / 1000 / expected - 1)).toBeLessThan(0.03);
  });

  it("Little's law: time-average number in system = arrival rate × mean time in system, within 1%", async () => {
    const run = await mmc(2, 1.5, 1, 100_000, 13);
    // N(t) integrated by a sweep over arrivals (+1) and ends (−1), over the arrival period only.
    const n = run.arrivalMs.length;
    const t0 = run.arrivalMs[0]!,
      t1 = run.arrivalMs[n - 1]!;
    const events: [number, number][] = [];
    for (let r = 0; r < n; r++) events.push([run.arrivalMs[r]!, 1], [Math.min(run.endMs[r]!, t1), -1]);
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let area = 0,
      inSystem = 0,
      last = t0;
    for (const [t, d] of events) {
      area += inSystem * (t - last);
      [inSystem, last] = [inSystem + d, t];
    }
    const timeAverage = area / (t1 - t0);
    const lambdaPerMs = (n - 1) / (t1 - t0);
    let sojourn = 0;
    for (let r = 0; r < n; r++) sojourn += run.endMs[r]! - run.arrivalMs[r]!;
    expect(Math.abs(timeAverage / (lambdaPerMs * (sojourn / n)) - 1)).toBeLessThan(0.01);
  });

  it('conservation: every request ends exactly once with a status, answered ones after their arrival', async () => {
    const run = await mmc(2, 1.5, 1, 5_000, 14);
    const s = summarizeSimRun(run, undefined);
    expect(Object.values(s.statuses).reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(s.statuses.ok).toBe(5_000);
    for (let r = 0; r < 5_000; r++) expect(run.endMs[r]).toBeGreaterThanOrEqual(run.arrivalMs[r]!);
  });
});
