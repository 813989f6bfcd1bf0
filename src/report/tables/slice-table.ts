/**
 * Policy × slice tables of quality or cost (a pivot done with arquero): one row per policy and reference,
 * one column per slice value, sorted by name.
 */
import * as aq from 'arquero';
import type { ReplayResults } from '../../metrics/types.ts';
import type { ReportTable } from './report-table.ts';
import { knownCostPerRequestUsd } from '../../metrics/pareto.ts';
import { comparisonPoints, perThousand } from '../charts/points.ts';
import { formatPercent, formatUsd, UNKNOWN } from '../text/format.ts';
import type { SliceMetric } from '../charts/slice-heatmap.ts';

/** Null when the replay was not sliced. */
export function sliceTable(results: ReplayResults, metric: SliceMetric): ReportTable | null {
  const points = comparisonPoints(results);
  const long = points.flatMap((p) =>
    Object.entries(p.run.slices ?? {}).map(([slice, s]) => ({
      policy: p.policy,
      slice,
      value: metric === 'quality' ? s.quality.mean : perThousand(knownCostPerRequestUsd(s)),
    })),
  );
  if (long.length === 0) return null;
  const slices = [...new Set(long.map((r) => r.slice))].sort();
  const wide = aq.from(long).groupby('policy').pivot('slice', 'value').objects() as Record<string, unknown>[];
  const cell = (v: unknown): string =>
    typeof v !== 'number' ? UNKNOWN : metric === 'quality' ? formatPercent(v) : formatUsd(v);
  const by = results.slicedBy ?? 'slice';
  const kinds = new Map(points.map((p) => [p.policy, p.kind]));
  return {
    title: metric === 'quality' ? `Quality by ${by}` : `Cost per 1,000 requests by ${by}`,
    note: `${UNKNOWN} means no request of the slice had a known ${metric === 'quality' ? 'quality' : 'cost'}.`,
    columns: [{ title: 'policy', align: 'left' }, ...slices.map((s) => ({ title: s, align: 'right' as const }))],
    rows: wide.map((r) => [String(r.policy), ...slices.map((s) => cell(r[s]))]),
    muted: wide.flatMap((r, i) => (kinds.get(String(r.policy)) === 'policy' ? [] : [i])),
  };
}
