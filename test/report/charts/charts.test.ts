import { describe, expect, it } from 'vitest';
import { costQualityChart } from '../../../src/report/charts/cost-quality.ts';
import { buildCharts } from '../../../src/report/charts/build-charts.ts';
import { chartGoldens } from '../../../scripts/goldens.ts';
import { allInputs, replay, sweeps } from '../fixtures.ts';

// The golden files are written by scripts/goldens.ts (npm run goldens) from the same charts.
const goldens = chartGoldens(allInputs());

describe('chart specs (golden files)', () => {
  it('cover every kind of chart', () => {
    expect([...goldens.keys()].map((f) => f.replace('.vl.json', ''))).toEqual([
      'cost-quality',
      'model-share',
      'latency',
      'latency-cdf',
      'share-over-time',
      'slice-quality',
      'slice-cost',
      'sweep-cost',
      'sweep-deferral',
      'reliability',
    ]);
  });

  it.each([...goldens.keys()])('%s matches its golden file', async (file) => {
    await expect(goldens.get(file)).toMatchFileSnapshot(`./__golden__/${file}`);
  });
});

describe('chart contents', () => {
  it('rounds every number in a spec to at most 6 significant digits', () => {
    const numbers = JSON.stringify(costQualityChart(replay())!.spec).match(/-?\d+\.\d+(e-?\d+)?/g) ?? [];
    for (const n of numbers) expect(Number(n).toPrecision(6)).toBe(Number(Number(n).toPrecision(6)).toPrecision(6));
    expect(numbers.every((n) => n.replace(/^-?0\.0*/, '').replace(/\D/g, '').length <= 7)).toBe(true);
  });

  it('puts the frontier policies on the frontier line, cheapest first', () => {
    const spec = costQualityChart(replay())!.spec as unknown as {
      datasets: { frontier: { costPer1kUsd: number; quality: number }[] };
    };
    // The budget table's rows (write-report.test.ts): 0301 single (0.917, 0.450), 0613 single (1.42, 0.606),
    // weighted (8.71, 0.655), learned (35.3, 0.836).
    expect(spec.datasets.frontier.map((p) => p.quality)).toEqual([0.450323, 0.606452, 0.655484, 0.836129]);
  });

  it('chooses a log cost axis when costs span more than 30× and a linear one otherwise', () => {
    const axisType = (r: ReturnType<typeof replay>) =>
      (costQualityChart(r)!.spec as unknown as { layer: { encoding: { x: { scale: { type: string } } } }[] }).layer[0]!
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

  it('names and titles the charts of several replays by their dataset, not -2 … -6', () => {
    const r = replay();
    const log = { ...r, trace: { ...r.trace, path: 'datasets/llmdrift.csv.gz (as a log: one model per request)' } };
    const mmlu = { ...r, trace: { ...r.trace, path: 'datasets/routellm-mmlu.csv.gz' } };
    const charts = buildCharts({ results: [r, log, mmlu, r] }).flatMap((g) => g.charts);
    const costQuality = charts.filter((c) => c.name.startsWith('cost-quality'));
    expect(costQuality.map((c) => c.name)).toEqual([
      'cost-quality-llmdrift',
      'cost-quality-llmdrift-as-a-log',
      'cost-quality-routellm-mmlu',
      'cost-quality-llmdrift-2',
    ]);
    expect(costQuality.map((c) => c.title)).toEqual([
      'Quality vs cost — llmdrift.csv.gz',
      'Quality vs cost — llmdrift.csv.gz (as a log)',
      'Quality vs cost — routellm-mmlu.csv.gz',
      'Quality vs cost — llmdrift.csv.gz',
    ]);
    expect((costQuality[2]!.spec as unknown as { title: { text: string } }).title.text).toBe(costQuality[2]!.title);
    expect(new Set(charts.map((c) => c.name)).size).toBe(charts.length);
  });

  it('keeps the plain file names for a single replay', () => {
    expect(buildCharts({ results: [replay()] })[0]!.charts[0]!.name).toBe('cost-quality');
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
      'latency-cdf',
      'share-over-time',
      'slice-quality',
      'slice-cost',
      'sweep-cost',
      'sweep-deferral',
      'reliability',
    ]);
  });
});
