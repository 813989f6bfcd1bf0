/**
 * Model share over time for the runs that carry `shareOverTime` (see ShareOverTimeBucket), one small
 * stacked-area panel per policy. Times are UTC so the chart does not depend on the machine's time zone.
 */
import type { ReplayResults } from '../../metrics/types.ts';
import type { Chart, ReportRun } from '../inputs/types.ts';
import { finishSpec } from './finish-spec.ts';

/** Null when no run has per-time shares. */
export function shareOverTimeChart(results: ReplayResults, name = 'share-over-time'): Chart | null {
  const runs = (results.runs as readonly ReportRun[]).filter((r) => (r.shareOverTime?.length ?? 0) > 0);
  if (runs.length === 0) return null;
  const rows = runs.flatMap((r) =>
    r.shareOverTime!.flatMap((b) =>
      Object.entries(b.modelShare)
        .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
        .map(([model, share]) => ({ policy: r.policy, start: b.start, requests: b.requests, model, share })),
    ),
  );
  const spec = finishSpec({
    title: { text: 'Model share over time', subtitle: 'share of calls per time bucket (UTC)' },
    data: { values: rows },
    facet: {
      row: {
        field: 'policy',
        type: 'nominal',
        title: null,
        header: { labelOrient: 'top', labelAngle: 0, labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: 560 },
      },
    },
    spec: {
      width: 560,
      height: 120,
      mark: { type: 'area', interpolate: 'step-after', opacity: 0.9 },
      encoding: {
        x: {
          field: 'start',
          type: 'temporal',
          title: 'bucket start (UTC)',
          scale: { type: 'utc' },
          axis: { format: '%b %d' },
        },
        y: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'share', axis: { format: '.0%' } },
        color: { field: 'model', type: 'nominal', title: 'model', sort: 'ascending' },
        order: { field: 'model', sort: 'ascending' },
        tooltip: [
          { field: 'policy' },
          { field: 'start', type: 'nominal', title: 'bucket start (UTC)' },
          { field: 'model' },
          { field: 'share', format: '.1%' },
          { field: 'requests', title: 'requests in bucket' },
        ],
      },
    },
  });
  return {
    name,
    title: 'Model share over time',
    caption: 'Whether a policy drifts toward expensive models as traffic changes.',
    spec,
  };
}
