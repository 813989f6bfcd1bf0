/**
 * Latency per policy from the recorded percentiles: a thick bar from p50 to p95, a thin whisker to p99,
 * and a dot at the mean (a mean far right of p50 says a long tail). Log axis: latencies span decades.
 */
import type { ReplayResults } from '../../metrics/types.ts';
import type { Chart } from '../inputs/types.ts';
import { comparisonPoints } from './points.ts';
import { finishSpec } from './finish-spec.ts';
import { latencyAxis } from './latency-axis.ts';

/** Null when no run of the replay has latency (the trace had none). */
export function latencyChart(results: ReplayResults, name = 'latency'): Chart | null {
  const rows = comparisonPoints(results).flatMap((p) => {
    const l = p.run.latencyMs;
    return l === undefined ? [] : [{ policy: p.policy, meanMs: l.mean, p50Ms: l.p50, p95Ms: l.p95, p99Ms: l.p99 }];
  });
  if (rows.length === 0) return null;
  const y = { field: 'policy', type: 'nominal', title: null, sort: null, axis: { labelLimit: 300 } };
  const x = latencyAxis(rows.flatMap((r) => [r.meanMs, r.p50Ms, r.p95Ms, r.p99Ms]));
  const tooltip = [
    { field: 'policy' },
    { field: 'p50Ms', title: 'p50 (ms)', format: ',.0f' },
    { field: 'p95Ms', title: 'p95 (ms)', format: ',.0f' },
    { field: 'p99Ms', title: 'p99 (ms)', format: ',.0f' },
    { field: 'meanMs', title: 'mean (ms)', format: ',.0f' },
  ];
  const spec = finishSpec({
    title: { text: 'Latency per policy', subtitle: 'bar: p50 to p95 · whisker: to p99 · tick: p50 · dot: mean' },
    width: 560,
    height: { step: 26 },
    data: { values: rows },
    layer: [
      {
        mark: { type: 'rule', color: '#7a7a7a' },
        encoding: { y, x: { ...x, field: 'p95Ms' }, x2: { field: 'p99Ms' }, tooltip },
      },
      {
        mark: { type: 'bar', color: '#9ecae9', size: 14 },
        encoding: { y, x: { ...x, field: 'p50Ms' }, x2: { field: 'p95Ms' }, tooltip },
      },
      {
        mark: { type: 'tick', color: '#1f4e79', thickness: 2, size: 16 },
        encoding: { y, x: { ...x, field: 'p50Ms' }, tooltip },
      },
      {
        mark: { type: 'point', filled: true, color: '#e45756', size: 40 },
        encoding: { y, x: { ...x, field: 'meanMs' }, tooltip },
      },
    ],
  });
  return {
    name,
    title: 'Latency per policy',
    caption: 'Recorded latency of the calls each policy would have made (cascades add up their attempts).',
    spec,
  };
}
