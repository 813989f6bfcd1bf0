/** Model share per policy as stacked horizontal bars (each bar sums to 100% of calls). */
import type { ReplayResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { comparisonPoints } from './points.ts';
import { finishSpec } from './finish-spec.ts';

export function modelShareChart(results: ReplayResults, name = 'model-share'): Chart {
  // Single models are 100% one model by definition; only the policies and the oracle are informative.
  const rows = comparisonPoints(results)
    .filter((p) => p.kind !== 'single')
    .flatMap((p) =>
      Object.entries(p.run.modelShare)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([model, share]) => ({ policy: p.policy, model, share })),
    );
  const spec = finishSpec({
    title: { text: 'Which models each policy calls', subtitle: 'share of calls (cascades count every attempt)' },
    width: 560,
    height: { step: 26 },
    data: { values: rows },
    mark: { type: 'bar', size: 18 },
    encoding: {
      y: { field: 'policy', type: 'nominal', title: null, sort: null, axis: { labelLimit: 300 } },
      x: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'share of calls', axis: { format: '.0%' } },
      color: {
        field: 'model',
        type: 'nominal',
        title: 'model',
        sort: 'ascending',
        legend: { orient: 'bottom', columns: 2 },
      },
      order: { field: 'model', sort: 'ascending' },
      tooltip: [{ field: 'policy' }, { field: 'model' }, { field: 'share', format: '.1%' }],
    },
  });
  return {
    name,
    title: 'Model share per policy',
    caption: 'Where each policy sends its traffic; the oracle row shows how often each model is the best choice.',
    spec,
  };
}
