/** Policy × slice heatmap of mean quality or cost per 1,000 requests, with the value written in each cell. */
import type { ReplayResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { knownCostPerRequestUsd } from '../../metrics/pareto.ts';
import { comparisonPoints, perThousand } from './points.ts';
import { finishSpec } from './finish-spec.ts';
import { formatCount } from '../text/format.ts';
import { QUALITY_AXIS_FORMAT, QUALITY_FORMAT, USD_FORMAT } from './theme.ts';

export type SliceMetric = 'quality' | 'cost';

/** Beyond this many slices they become the rows: 57 columns of 110 px would shrink to unreadable in a page. */
const MAX_SLICE_COLUMNS = 12;

/** Null when the replay was not sliced (`--by` not given). */
export function sliceHeatmapChart(results: ReplayResults, metric: SliceMetric, name = `slice-${metric}`): Chart | null {
  const points = comparisonPoints(results);
  // Every run sees the same requests of a slice; a run without rows in it reports 0, so take the largest.
  const sliceRequests = new Map<string, number>();
  for (const p of points) {
    for (const [slice, s] of Object.entries(p.run.slices ?? {})) {
      sliceRequests.set(slice, Math.max(sliceRequests.get(slice) ?? 0, s.requests));
    }
  }
  const label = (slice: string): string => `${slice} (n = ${formatCount(sliceRequests.get(slice))})`;
  const rows = points.flatMap((p) =>
    Object.entries(p.run.slices ?? {})
      .map(([slice, s]) => ({
        policy: p.policy,
        slice: label(slice),
        requests: s.requests,
        value: metric === 'quality' ? s.quality.mean : perThousand(knownCostPerRequestUsd(s)),
      }))
      .filter((r) => r.value !== null),
  );
  if (rows.length === 0) return null;
  const by = results.slicedBy ?? 'slice';
  const valueTitle = metric === 'quality' ? 'mean quality' : 'USD / 1k requests';
  const sliceAxis = { field: 'slice', type: 'nominal', title: `${by} (requests)`, sort: 'ascending' };
  const policyAxis = { field: 'policy', type: 'nominal', title: null, sort: null };
  const tall = sliceRequests.size > MAX_SLICE_COLUMNS;
  const spec = finishSpec({
    title: {
      text: `${metric === 'quality' ? 'Quality' : 'Cost'} by ${by}`,
      subtitle: metric === 'quality' ? 'darker is better' : 'darker is more expensive',
    },
    data: { values: rows },
    width: { step: tall ? 80 : 110 },
    height: { step: tall ? 20 : 26 },
    encoding: tall
      ? {
          x: { ...policyAxis, axis: { labelAngle: -30, labelLimit: 200 } },
          // The chart's title names the slicing; an axis title beside long labels would overlap them.
          y: { ...sliceAxis, title: null, axis: { labelLimit: 360 } },
        }
      : {
          x: { ...sliceAxis, axis: { labelAngle: -30, labelLimit: 280 } },
          y: { ...policyAxis, axis: { labelLimit: 300 } },
        },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: valueTitle,
            legend: metric === 'quality' ? { format: QUALITY_AXIS_FORMAT } : { format: USD_FORMAT },
            scale: metric === 'quality' ? { scheme: 'greens', domain: [0, 1] } : { scheme: 'oranges', type: 'sqrt' },
          },
          tooltip: [
            { field: 'policy' },
            { field: 'slice', title: by },
            { field: 'value', title: valueTitle, format: metric === 'quality' ? QUALITY_FORMAT : USD_FORMAT },
            { field: 'requests' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: {
            field: 'value',
            type: 'quantitative',
            format: metric === 'quality' ? QUALITY_AXIS_FORMAT : USD_FORMAT,
          },
          color: {
            condition: { test: metric === 'quality' ? 'datum.value > 0.7' : 'false', value: 'white' },
            value: 'black',
          },
        },
      },
    ],
  });
  return {
    name,
    title: `${metric === 'quality' ? 'Quality' : 'Cost'} by ${by}`,
    caption:
      metric === 'quality'
        ? 'Where each policy wins or loses; a policy that is best on average can still lose a slice ' +
          'that matters to you.'
        : 'Cost per 1,000 requests of each slice under each policy.',
    spec,
  };
}
