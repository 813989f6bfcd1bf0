/**
 * Policy × slice tables of quality or cost (a pivot done with arquero): one row per policy and reference,
 * one column per slice value, sorted by name.
 */
import * as aq from 'arquero';
import type { ReplayResults } from '../../metrics/types.ts';
import type { ReportTable } from './report-table.ts';
import { knownCostPerRequestUsd } from '../../metrics/pareto.ts';
import { comparisonPoints, perThousand } from '../charts/points.ts';
import { formatCount, formatPercent, formatUsd, UNKNOWN } from '../text/format.ts';
import type { SliceMetric } from '../charts/slice-heatmap.ts';

/** Null when the replay was not sliced. */
export function sliceTable(results: ReplayResults, metric: SliceMetric): ReportTable | null {
  const points = comparisonPoints(results);
  const long = points.flatMap((p) =>
    Object.entries(p.run.slices ?? {}).map(([slice, s]) => ({
      policy: p.policy,
      slice,
      requests: s.requests,
      value: metric === 'quality' ? s.quality.mean : perThousand(knownCostPerRequestUsd(s)),
    })),
  );
  if (long.length === 0) return null;
  const slices = [...new Set(long.map((r) => r.slice))].sort();
  // Every run sees the same requests of a slice; a run without rows in it reports 0, so take the largest.
  const requests = (slice: string): number => Math.max(...long.filter((r) => r.slice === slice).map((r) => r.requests));
  const wide = aq
    .from(long.map(({ requests: _r, ...rest }) => rest))
    .groupby('policy')
    .pivot('slice', 'value')
    .objects() as Record<string, unknown>[];
  const cell = (v: unknown): string =>
    typeof v !== 'number' ? UNKNOWN : metric === 'quality' ? formatPercent(v) : formatUsd(v);
  const by = results.slicedBy ?? 'slice';
  const kinds = new Map(points.map((p) => [p.policy, p.kind]));
  return {
    title: metric === 'quality' ? `Quality by ${by}` : `Cost per 1,000 requests by ${by}`,
    note:
      `(n = …) is the slice's number of requests; ${UNKNOWN} means no request of the slice had a known ` +
      `${metric === 'quality' ? 'quality' : 'cost'}.`,
    columns: [
      { title: 'policy', align: 'left' },
      ...slices.map((s) => ({ title: `${s} (n = ${formatCount(requests(s))})`, align: 'right' as const })),
    ],
    rows: wide.map((r) => [String(r.policy), ...slices.map((s) => cell(r[s]))]),
    muted: wide.flatMap((r, i) => (kinds.get(String(r.policy)) === 'policy' ? [] : [i])),
  };
}
