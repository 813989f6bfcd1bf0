/**
 * Unknown cost must never render as zero (issue 10, item 2). The fixture's learned router is given a cost
 * unknown on every request (as when a trace has neither a cost column nor tokens for its models), and one of
 * its slices no rows at all: the metrics then hold perRequest 0 with `unknown` = requests.
 */
import { describe, expect, it } from 'vitest';
import type { ReplayResults, RunResult, SliceResult } from '../../src/metrics/types.ts';
import { buildCharts } from '../../src/report/charts/build-charts.ts';
import { costQualityChart } from '../../src/report/charts/cost-quality.ts';
import { buildDocument } from '../../src/report/html/document.ts';
import { renderHtml } from '../../src/report/html/html.ts';
import { renderMarkdown } from '../../src/report/html/markdown.ts';
import { budgetTable } from '../../src/report/tables/budget-table.ts';
import { runsTable } from '../../src/report/tables/runs-table.ts';
import { sliceTable } from '../../src/report/tables/slice-table.ts';
import { replay } from './fixtures.ts';

const LEARNED = 'learned:models/drift';

const unknownCost = <T extends RunResult | SliceResult>(r: T): T => ({
  ...r,
  costUsd: { total: 0, perRequest: 0, estimatedShare: 0, unknown: r.requests },
});

function withUnknownCost(): ReplayResults {
  const r = replay();
  const runs = r.runs.map((run) => {
    if (run.policy !== LEARNED) return run;
    const slices = Object.fromEntries(Object.entries(run.slices ?? {}).map(([k, s]) => [k, unknownCost(s)]));
    return unknownCost({ ...run, slices });
  });
  // A slice in which the random policy had no rows: no quality, no cost known.
  const random = runs.find((run) => run.policy === 'random')!;
  const empty: SliceResult = {
    requests: 0,
    quality: { mean: null, ci95: null, unknown: 0 },
    costUsd: { total: 0, perRequest: 0, estimatedShare: 0, unknown: 0 },
    modelShare: {},
  };
  const withEmpty = { ...random, slices: { ...random.slices, 'no-rows': empty } };
  return { ...r, runs: runs.map((run) => (run.policy === 'random' ? withEmpty : run)) };
}

const row = (rows: readonly (readonly string[])[], name: string) => rows.find((x) => x[0]!.startsWith(name))!;

describe('a run of unknown cost in the report', () => {
  const results = withUnknownCost();

  it('is not recommended for a budget, and no budget row reads "≤ $0"', () => {
    const t = budgetTable(results);
    expect(t.rows.map((r) => r[1])).not.toContain(LEARNED);
    expect(t.note).toContain(`Not considered, because their cost is unknown (not free): ${LEARNED}.`);
    expect(t.rows.map((r) => r[0])).not.toContain('≤ $0');
  });

  it('shows "–" for its cost in the runs table, not $0', () => {
    const r = row(runsTable(results).rows, LEARNED);
    expect([r[3], r[4]]).toEqual(['–', '–']);
  });

  it('shows "–" in the slice cost table for unknown cost and for a slice without rows', () => {
    const t = sliceTable(results, 'cost')!;
    const noRows = t.columns.findIndex((c) => c.title.startsWith('no-rows'));
    expect(
      row(t.rows, LEARNED)
        .slice(1)
        .every((cell) => cell === '–'),
    ).toBe(true);
    expect(row(t.rows, 'random')[noRows]).toBe('–');
  });

  it('leaves those cells out of the cost heatmap and the run off the cost axis', () => {
    const charts = buildCharts({ results: [results] })[0]!.charts;
    const heat = charts.find((c) => c.name.startsWith('slice-cost'))!.spec as unknown as {
      data: { values: { policy: string; slice: string; value: number }[] };
    };
    expect(heat.data.values.filter((v) => v.policy === LEARNED || v.slice === 'no-rows')).toEqual([]);
    const scatter = charts.find((c) => c.name.startsWith('cost-quality'))!.spec as unknown as {
      title: { subtitle: string[] };
      datasets: { points: { policy: string }[] };
    };
    expect(scatter.datasets.points.map((p) => p.policy)).not.toContain(LEARNED);
    expect(scatter.title.subtitle).toContain(`not drawn, cost unknown: ${LEARNED}`);
  });

  it('leaves the cost–quality chart out, rather than drawing it empty or at $0, when no cost is known', () => {
    const r = replay();
    const all = { ...r, runs: r.runs.map(unknownCost), references: {} };
    expect(costQualityChart(all)).toBeNull();
    expect(buildCharts({ results: [all] })[0]!.charts.map((c) => c.name)).not.toContain('cost-quality');
  });

  it('never renders as $0 anywhere in report.md or report.html', () => {
    const inputs = { results: [results] };
    const doc = buildDocument(inputs, buildCharts(inputs), new Map());
    for (const text of [renderMarkdown(doc), renderHtml(doc, [])]) {
      expect(text).not.toMatch(/\$0(?![.,\d])/);
      expect(text).not.toMatch(/\$0\.0+(?!\d*[1-9])/);
    }
  });
});
