/** Policy × slice heatmap of mean quality or cost per 1,000 requests, with the value written in each cell. */
import type { ReplayResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { knownCostPerRequestUsd } from '../../metrics/pareto.ts';
import { comparisonPoints, perThousand } from './points.ts';
import { finishSpec } from './finish-spec.ts';

export type SliceMetric = 'quality' | 'cost';

/** Null when the replay was not sliced (`--by` not given). */
export function sliceHeatmapChart(results: ReplayResults, metric: SliceMetric, name = `slice-${metric}`): Chart | null {
  const rows = comparisonPoints(results).flatMap((p) =>
    Object.entries(p.run.slices ?? {})
      .map(([slice, s]) => ({
        policy: p.policy,
        slice,
        requests: s.requests,
        value: metric === 'quality' ? s.quality.mean : perThousand(knownCostPerRequestUsd(s)),
      }))
      .filter((r) => r.value !== null),
  );
  if (rows.length === 0) return null;
  const by = results.slicedBy ?? 'slice';
  const valueTitle = metric === 'quality' ? 'mean quality' : 'USD / 1k requests';
  const spec = finishSpec({
    title: {
      text: `${metric === 'quality' ? 'Quality' : 'Cost'} by ${by}`,
      subtitle: metric === 'quality' ? 'darker is better' : 'darker is more expensive',
    },
    data: { values: rows },
    width: { step: 92 },
    height: { step: 26 },
    encoding: {
      x: { field: 'slice', type: 'nominal', title: by, sort: 'ascending', axis: { labelAngle: -30, labelLimit: 160 } },
      y: { field: 'policy', type: 'nominal', title: null, sort: null, axis: { labelLimit: 300 } },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: valueTitle,
            scale: metric === 'quality' ? { scheme: 'greens', domain: [0, 1] } : { scheme: 'oranges', type: 'sqrt' },
          },
          tooltip: [
            { field: 'policy' },
            { field: 'slice', title: by },
            { field: 'value', title: valueTitle, format: '.3f' },
            { field: 'requests' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'value', type: 'quantitative', format: metric === 'quality' ? '.2f' : '.3~g' },
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
