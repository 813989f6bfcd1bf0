import { describe, expect, it } from 'vitest';
import { type SimulationResults, summarizeSimRun } from '../../../src/metrics/simulation-summary.ts';
import { buildCharts } from '../../../src/report/charts/build-charts.ts';
import { p95VsLoadChart } from '../../../src/report/charts/p95-vs-load.ts';
import { failuresTimelineChart, simulationCharts } from '../../../src/report/charts/simulation-timeline.ts';
import { parseResultsFile } from '../../../src/report/inputs/read-inputs.ts';
import { simulate } from '../../../src/simulate/simulate.ts';
import { traceOf } from '../../replay/tiny-trace.ts';
import { always, deployment } from '../../simulate/synthetic.ts';

const T0 = 1_700_000_000_000;

async function results(arrivals: string, factor = 1): Promise<SimulationResults> {
  const t = traceOf(
    [0, 0, 0, 500].map((o, i) => ({ requestId: `r${i}`, model: 'a', timestampMs: T0 + o, latencyMs: 100 })),
  );
  const d = deployment({ providers: [{ name: 'p', model: 'a', concurrency: 1, rpm: 3 }] });
  const spec = factor === 1 ? { type: 'trace' as const } : { type: 'scale' as const, factor };
  const out = await simulate(t, d, [always('a')], { seed: 0, arrivals: spec });
  return {
    routelab: 'test',
    trace: { path: 't.csv', requests: 4, models: ['a'] },
    deployment: { path: 'd.json', providers: [{ name: 'p', model: 'a' }] },
    arrivals,
    seed: 0,
    warnings: [],
    runs: [summarizeSimRun(out.runs[0]!, 150), { ...summarizeSimRun(out.runs[0]!, 150), policy: 'failed', error: 'x' }],
  };
}

type Spec = { data: { values: Record<string, unknown>[] } };

describe('simulation charts', () => {
  it('draws latency, queue, provider share and failures over time from the timeline, in ISO UTC time', async () => {
    const charts = simulationCharts(await results('trace'));
    expect(charts.map((c) => c.name)).toEqual([
      'sim-latency-over-time',
      'sim-queue-over-time',
      'sim-provider-share',
      'sim-failures',
    ]);
    const rows = (charts[0]!.spec as unknown as Spec).data.values;
    expect(rows).toHaveLength(60); // one per bucket of the one run that did not fail
    // Bucket 0 holds r0–r2, served one after another: latencies 100, 200, 300 → type-7 p95 = 200 + 0.9 · 100.
    expect(rows[0]).toEqual({ policy: 'always:a', start: '2023-11-14T22:13:20.000Z', value: 290 });
    // r3 (4th call in the window of rpm 3) is refused once: one 429 row with a count of 1.
    const failures = (failuresTimelineChart(await results('trace'))!.spec as unknown as Spec).data.values;
    expect(failures.filter((r) => r.status === '429').reduce((s, r) => s + (r.calls as number), 0)).toBe(1);
  });

  it('p95 vs load needs at least two load factors and reads trace as ×1', async () => {
    expect(p95VsLoadChart([await results('trace')])).toBeNull();
    const chart = p95VsLoadChart([await results('scale:2', 2), await results('trace')]);
    const rows = (chart!.spec as unknown as Spec).data.values;
    expect(rows.map((r) => [r.load, r.policy])).toEqual([
      [1, 'always:a'],
      [2, 'always:a'],
    ]);
  });
});

describe('simulation results in `routelab report`', () => {
  it('recognises a simulate --json file and draws its charts, p95 vs load from its loadSweep', async () => {
    const a = await results('trace');
    const parsed = parseResultsFile('sim.json', JSON.stringify(a));
    expect(parsed.type).toBe('simulation');
    const b = { ...a, loadSweep: [{ arrivals: 'scale:2', runs: (await results('scale:2', 2)).runs }] };
    const names = buildCharts({ simulations: [a, b] }).flatMap((g) => g.charts.map((c) => c.name));
    expect(names).toContain('sim-latency-over-time');
    expect(names).toContain('sim-latency-over-time-2');
    expect(names.at(-1)).toBe('sim-p95-vs-load');
  });
});
