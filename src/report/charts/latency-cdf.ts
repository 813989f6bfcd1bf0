/**
 * The latency distribution of each run as a CDF: the share of requests answered within a latency, one line
 * per policy and single model, drawn from the 101 percentiles a run's results carry (`latencyMs.percentiles`).
 * Where the latency-range chart shows three percentiles, this shows where two policies' tails part.
 */
import type { ReplayResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { finishSpec } from './finish-spec.ts';
import { latencyAxis } from './latency-axis.ts';
import { comparisonPoints } from './points.ts';

/** Null when no run carries latency percentiles (no latency in the trace, or results of an older routelab). */
export function latencyCdfChart(results: ReplayResults, name = 'latency-cdf'): Chart | null {
  const rows = comparisonPoints(results).flatMap((p) => {
    const percentiles = p.run.latencyMs?.percentiles ?? [];
    const last = percentiles.length - 1;
    // A log axis cannot place 0 ms; the share at the first positive latency still starts the line right.
    return percentiles.flatMap((latencyMs, k) =>
      latencyMs > 0 ? [{ policy: p.policy, kind: p.kind, latencyMs, share: k / last }] : [],
    );
  });
  if (rows.length === 0) return null;
  const policies = [...new Set(rows.map((r) => r.policy))];
  const spec = finishSpec({
    title: { text: 'Latency distribution', subtitle: 'share of requests answered within a latency' },
    width: 560,
    height: 320,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.8, interpolate: 'step-after' },
    encoding: {
      x: { field: 'latencyMs', ...latencyAxis(rows.map((r) => r.latencyMs)) },
      y: {
        field: 'share',
        type: 'quantitative',
        title: 'share of requests',
        scale: { domain: [0, 1] },
        axis: { format: '.0%' },
      },
      color: {
        field: 'policy',
        type: 'nominal',
        title: null,
        sort: policies,
        legend: { orient: 'bottom', columns: 2 },
      },
      // Single models dashed, so the policies stand out among them.
      strokeDash: {
        field: 'kind',
        type: 'nominal',
        title: null,
        scale: {
          domain: ['policy', 'single', 'oracle'],
          range: [
            [1, 0],
            [4, 3],
            [1, 3],
          ],
        },
        legend: null,
      },
      tooltip: [
        { field: 'policy' },
        { field: 'latencyMs', title: 'latency (ms)', format: ',.0f' },
        { field: 'share', title: 'share within', format: '.0%' },
      ],
    },
  });
  return {
    name,
    title: 'Latency distribution',
    caption:
      'For each policy and single model, the share of requests whose recorded latency (cascades: the sum of ' +
      'their attempts) is at most the value on the axis; a line further left is faster. Dashed: single models.',
    spec,
  };
}
