import { describe, expect, it } from 'vitest';
import { costQualityChart } from '../../../src/report/charts/cost-quality.ts';
import { latencyChart } from '../../../src/report/charts/latency.ts';
import { modelShareChart } from '../../../src/report/charts/model-share.ts';
import { shareOverTimeChart } from '../../../src/report/charts/share-over-time.ts';
import { sliceHeatmapChart } from '../../../src/report/charts/slice-heatmap.ts';
import { sweepCostChart } from '../../../src/report/charts/sweep-cost.ts';
import { deferralCurveChart } from '../../../src/report/charts/deferral-curve.ts';
import { reliabilityChart } from '../../../src/report/charts/reliability.ts';
import { buildCharts } from '../../../src/report/charts/build-charts.ts';
import type { Chart } from '../../../src/report/inputs/types.ts';
import { allInputs, calibration, replay, sweeps } from '../fixtures.ts';

const golden = (chart: Chart | null) => {
  expect(chart).not.toBeNull();
  return expect(JSON.stringify(chart!.spec, null, 2)).toMatchFileSnapshot(`./__golden__/${chart!.name}.vl.json`);
};

describe('chart specs (golden files)', () => {
  it('cost–quality scatter matches its golden file', async () => {
    await golden(costQualityChart(replay()));
  });
  it('model share bars match their golden file', async () => {
    await golden(modelShareChart(replay()));
  });
  it('latency ranges match their golden file', async () => {
    await golden(latencyChart(replay()));
  });
  it('share over time matches its golden file', async () => {
    await golden(shareOverTimeChart(replay()));
  });
  it('slice quality heatmap matches its golden file', async () => {
    await golden(sliceHeatmapChart(replay(), 'quality'));
  });
  it('slice cost heatmap matches its golden file', async () => {
    await golden(sliceHeatmapChart(replay(), 'cost'));
  });
  it('sweep quality–cost curves match their golden file', async () => {
    await golden(sweepCostChart(sweeps(), [replay()]));
  });
  it('deferral curve matches its golden file', async () => {
    await golden(deferralCurveChart(sweeps(), [replay()]));
  });
  it('reliability diagram matches its golden file', async () => {
    await golden(reliabilityChart(calibration()));
  });
});

describe('chart contents', () => {
  it('rounds every number in a spec to at most 6 significant digits', () => {
    const numbers = JSON.stringify(costQualityChart(replay()).spec).match(/-?\d+\.\d+(e-?\d+)?/g) ?? [];
    for (const n of numbers) expect(Number(n).toPrecision(6)).toBe(Number(Number(n).toPrecision(6)).toPrecision(6));
    expect(numbers.every((n) => n.replace(/^-?0\.0*/, '').replace(/\D/g, '').length <= 7)).toBe(true);
  });

  it('puts the frontier policies on the frontier line, cheapest first', () => {
    const spec = costQualityChart(replay()).spec as unknown as {
      datasets: { frontier: { costPer1kUsd: number; quality: number }[] };
    };
    // The budget table's rows (write-report.test.ts): 0301 single (0.937, 0.444), 0613 single (1.43, 0.590),
    // weighted (8.26, 0.646), cascade (17.8, 0.849).
    expect(spec.datasets.frontier.map((p) => p.quality)).toEqual([0.443871, 0.589677, 0.646452, 0.849032]);
  });

  it('chooses a log cost axis when costs span more than 30× and a linear one otherwise', () => {
    const axisType = (r: ReturnType<typeof replay>) =>
      (costQualityChart(r).spec as unknown as { layer: { encoding: { x: { scale: { type: string } } } }[] }).layer[0]!
        .encoding.x.scale.type;
    expect(axisType(replay())).toBe('log'); // 0.885 → 35.6 USD per 1k: 40×
    const narrow = replay();
    const only = {
      ...narrow,
      runs: narrow.runs.filter((r) => r.policy === 'random'),
      references: { singles: narrow.references.singles!.slice(0, 2) },
    };
    expect(axisType(only)).toBe('linear'); // 0.885 → 9.88 (random): 11×
  });

  it('leaves out the charts whose data is absent', () => {
    const r = replay();
    const bare = { ...r, runs: r.runs.map(({ latencyMs: _l, slices: _s, ...rest }) => rest), references: {} };
    const names = buildCharts({ results: [bare] }).flatMap((g) => g.charts.map((c) => c.name));
    expect(names).toEqual(['cost-quality', 'model-share', 'share-over-time']);
  });

  it('names the charts of a second replay with a -2 suffix', () => {
    const names = buildCharts({ results: [replay(), replay()] }).flatMap((g) => g.charts.map((c) => c.name));
    expect(names).toContain('cost-quality-2');
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps the same policy swept on two traces as two lines, named after their traces', () => {
    const [s] = sweeps();
    const two = [
      { ...s!, trace: 'datasets/a.csv' },
      { ...s!, trace: 'datasets/b.csv' },
    ];
    const spec = buildCharts({ sweeps: two })
      .flatMap((g) => g.charts)
      .find((c) => c.name === 'sweep-cost')!.spec;
    const policies = new Set(
      (spec as unknown as { datasets: { points: { policy: string }[] } }).datasets.points.map((v) => v.policy),
    );
    expect([...policies]).toEqual([`${s!.policy} [a.csv]`, `${s!.policy} [b.csv]`]);
  });

  it('builds every kind of chart for the full fixture set', () => {
    const names = buildCharts(allInputs()).flatMap((g) => g.charts.map((c) => c.name));
    expect(names).toEqual([
      'cost-quality',
      'model-share',
      'latency',
      'share-over-time',
      'slice-quality',
      'slice-cost',
      'sweep-cost',
      'sweep-deferral',
      'reliability',
    ]);
  });
});
