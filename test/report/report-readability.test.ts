/** Issue 10 item 19: what a reader of report.html / report.md sees, on the fixture and a 57-task replay. */
import { describe, expect, it } from 'vitest';
import type { ReplayResults, SliceResult } from '../../src/metrics/types.ts';
import { buildCharts } from '../../src/report/charts/build-charts.ts';
import { latencyCdfChart } from '../../src/report/charts/latency-cdf.ts';
import { sliceHeatmapChart } from '../../src/report/charts/slice-heatmap.ts';
import { buildDocument } from '../../src/report/html/document.ts';
import { renderMarkdown } from '../../src/report/html/markdown.ts';
import { runsTable } from '../../src/report/tables/runs-table.ts';
import { sliceTable } from '../../src/report/tables/slice-table.ts';
import { allInputs, replay } from './fixtures.ts';

const CASCADE = 'cascade:gpt-3.5-turbo-0613>gpt-4-0314?accept=judge&epsilon=0.1&threshold=0.5';

/** The fixture with its three task slices replaced by 57, as in a sliced MMLU replay. */
function manyTasks(): ReplayResults {
  const r = replay();
  const runs = r.runs.map((run) => {
    const one = Object.values(run.slices ?? {})[0] as SliceResult;
    const slices = Object.fromEntries(Array.from({ length: 57 }, (_, i) => [`task-${i}`, one]));
    return { ...run, slices };
  });
  return { ...r, runs };
}

describe('report readability', () => {
  it('writes "&" in report.md as "&", not "&amp;"', () => {
    const inputs = allInputs();
    const md = renderMarkdown(buildDocument(inputs, buildCharts(inputs), new Map()));
    expect(md).toContain(CASCADE.replace('>', '&gt;')); // ">" stays an entity: raw HTML passes through
    expect(md).not.toContain('&amp;');
  });

  it('shows quality as a percentage in the tables, as the CLI does', () => {
    const random = runsTable(replay()).rows.find((r) => r[0] === 'random')!;
    // random: mean 0.585806 → "58.6%", not "0.586".
    expect(random[1]).toBe('58.6%');
  });

  it('gives each slice its request count, in the tables and the heatmaps', () => {
    const t = sliceTable(replay(), 'quality')!;
    expect(t.columns.map((c) => c.title)).toEqual([
      'policy',
      'counthappynumber (n = 250)',
      'leetcode_easy (n = 25)',
      'prime (n = 500)',
    ]);
    const heat = sliceHeatmapChart(replay(), 'quality')!.spec as unknown as { data: { values: { slice: string }[] } };
    expect(new Set(heat.data.values.map((v) => v.slice))).toEqual(new Set(t.columns.slice(1).map((c) => c.title)));
  });

  it('draws 57 slices as rows of a tall heatmap, not 57 columns squeezed into the page', () => {
    type Enc = { encoding: { x: { field: string }; y: { field: string } } };
    expect((sliceHeatmapChart(replay(), 'quality')!.spec as unknown as Enc).encoding.x.field).toBe('slice');
    expect((sliceHeatmapChart(manyTasks(), 'quality')!.spec as unknown as Enc).encoding.y.field).toBe('slice');
  });

  it('draws each run’s latency CDF from its 101 percentiles, rising to 100%', () => {
    const spec = latencyCdfChart(replay())!.spec as unknown as {
      data: { values: { policy: string; latencyMs: number; share: number }[] };
    };
    const random = spec.data.values.filter((v) => v.policy === 'random');
    const percentiles = replay().runs.find((r) => r.policy === 'random')!.latencyMs!.percentiles!;
    expect(random.map((v) => v.latencyMs)).toEqual(percentiles.filter((v) => v > 0));
    expect(random.at(-1)!.share).toBe(1);
    for (let k = 1; k < random.length; k++)
      expect(random[k]!.latencyMs).toBeGreaterThanOrEqual(random[k - 1]!.latencyMs);
  });

  it('has no latency CDF for results without latency percentiles (older results files)', () => {
    const r = replay();
    const old = {
      ...r,
      runs: r.runs.map((run) => ({ ...run, latencyMs: { mean: 1, p50: 1, p95: 2, p99: 3 } })),
      references: {},
    };
    expect(latencyCdfChart(old)).toBeNull();
  });
});
