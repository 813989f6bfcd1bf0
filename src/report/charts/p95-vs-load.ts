/**
 * p95 latency per policy against load, from simulations of the same traffic at several `--arrivals scale:<x>`
 * (`trace` counts as ×1): the knee where a policy's tail latency takes off is its capacity.
 */
import type { LoadSweepPoint } from '../../metrics/simulation-summary.ts';
import { finishSpec } from './finish-spec.ts';
import type { Chart } from '../inputs/types.ts';

/** The load factor of an arrivals spec, undefined for arrival models that are not a scaling of the trace. */
function loadFactor(arrivals: string): number | undefined {
  if (arrivals === 'trace') return 1;
  const m = /^scale:(.+)$/.exec(arrivals);
  return m ? Number(m[1]) : undefined;
}

/** Null unless at least two load factors are present. */
export function p95VsLoadChart(results: readonly LoadSweepPoint[], name = 'sim-p95-vs-load'): Chart | null {
  const rows = results.flatMap((res) => {
    const load = loadFactor(res.arrivals);
    if (load === undefined) return [];
    return res.runs.flatMap((r) =>
      r.error === undefined && r.latencyMs
        ? [{ policy: r.policy, load, p95Ms: r.latencyMs.p95, sloAttainment: r.sloAttainment }]
        : [],
    );
  });
  if (new Set(rows.map((r) => r.load)).size < 2) return null;
  rows.sort((a, b) => a.load - b.load || (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0));
  const spec = finishSpec({
    title: {
      text: 'p95 latency vs load',
      subtitle: 'the same traffic with inter-arrival gaps divided by the load factor',
    },
    width: 480,
    height: 260,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'load', type: 'quantitative', title: 'load (× traffic)', scale: { type: 'log', base: 2 } },
      y: { field: 'p95Ms', type: 'quantitative', title: 'p95 latency (ms, log scale)', scale: { type: 'log' } },
      color: { field: 'policy', type: 'nominal', title: 'policy' },
      tooltip: [
        { field: 'policy' },
        { field: 'load', title: 'load ×' },
        { field: 'p95Ms', title: 'p95 (ms)', format: ',.0f' },
        { field: 'sloAttainment', title: 'within SLO', format: '.1%' },
      ],
    },
  });
  return {
    name,
    title: 'p95 latency vs load',
    caption: "Where each policy's tail latency takes off as traffic grows: the capacity of the deployment for it.",
    spec,
  };
}
