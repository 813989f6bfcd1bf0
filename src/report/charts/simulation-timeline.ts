/**
 * Charts of one `routelab simulate` result over time (the runs' 60-bucket timelines, UTC): p95 latency,
 * queue length, provider shares and failures. Failed runs carry no timeline and are left out.
 */
import type { SimRunResult, SimulationResults } from '../../metrics/simulation-summary.ts';
import { finishSpec } from './finish-spec.ts';
import type { Chart } from '../inputs/types.ts';

const time = {
  field: 'start',
  type: 'temporal',
  title: 'time (UTC)',
  scale: { type: 'utc' },
  axis: { format: '%b %d %H:%M' },
};
/** ISO time: the spec's numbers are rounded to 6 significant digits, which would merge epoch-ms buckets. */
const iso = (ms: number): string => new Date(ms).toISOString();
const policyColor = { field: 'policy', type: 'nominal', title: 'policy', sort: null };

function okRuns(results: SimulationResults): SimRunResult[] {
  return results.runs.filter((r) => r.error === undefined && (r.timeline?.length ?? 0) > 0);
}

function lineChart(
  results: SimulationResults,
  name: string,
  field: string,
  title: string,
  caption: string,
): Chart | null {
  const rows = okRuns(results).flatMap((r) =>
    r.timeline.map((b) => ({
      policy: r.policy,
      start: iso(b.startMs),
      value: b[field as keyof typeof b] as number | null,
    })),
  );
  if (rows.length === 0) return null;
  const spec = finishSpec({
    title: { text: title, subtitle: `${results.trace.path} · arrivals ${results.arrivals}` },
    width: 560,
    height: 220,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after', point: false },
    encoding: {
      x: time,
      y: { field: 'value', type: 'quantitative', title },
      color: policyColor,
      tooltip: [
        { field: 'policy' },
        { field: 'start', type: 'temporal', format: '%H:%M:%S' },
        { field: 'value', format: ',.1f' },
      ],
    },
  });
  return { name, title, caption, spec };
}

/** p95 end-to-end latency of the requests arriving in each bucket, one line per policy. */
export function latencyOverTimeChart(results: SimulationResults, name = 'sim-latency-over-time'): Chart | null {
  return lineChart(
    results,
    name,
    'p95LatencyMs',
    'p95 latency over time (ms)',
    'End-to-end p95 (queueing, retries and backoff included) of the requests arriving in each time bucket.',
  );
}

/** Time-average number of calls waiting for a slot, over all providers. */
export function queueOverTimeChart(results: SimulationResults, name = 'sim-queue-over-time'): Chart | null {
  return lineChart(
    results,
    name,
    'meanQueued',
    'calls waiting for a slot',
    'Time-average queue length over every provider: where load outruns the concurrency the deployment buys.',
  );
}

/** Share of calls per provider in each bucket, one stacked panel per policy. */
export function providerShareOverTimeChart(results: SimulationResults, name = 'sim-provider-share'): Chart | null {
  const rows = okRuns(results).flatMap((r) =>
    r.timeline.flatMap((b) =>
      Object.entries(b.providerShare).map(([provider, share]) => ({
        policy: r.policy,
        start: iso(b.startMs),
        provider,
        share,
      })),
    ),
  );
  if (rows.length === 0) return null;
  const spec = finishSpec({
    title: { text: 'Provider share over time', subtitle: 'share of the calls sent in each bucket (UTC)' },
    data: { values: rows },
    facet: { row: { field: 'policy', type: 'nominal', title: null, header: { labelAngle: 0, labelAnchor: 'start' } } },
    spec: {
      width: 560,
      height: 110,
      mark: { type: 'area', interpolate: 'step-after', opacity: 0.9 },
      encoding: {
        x: time,
        y: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'share', axis: { format: '.0%' } },
        color: { field: 'provider', type: 'nominal', title: 'provider', sort: 'ascending' },
        order: { field: 'provider', sort: 'ascending' },
        tooltip: [{ field: 'policy' }, { field: 'provider' }, { field: 'share', format: '.1%' }],
      },
    },
  });
  return {
    name,
    title: 'Provider share over time',
    caption:
      'Where the calls went: an outage or a rate limit shows as a provider dropping out and another taking over.',
    spec,
  };
}

/** Failed calls per bucket by status (error, timeout, 429), one panel per policy. */
export function failuresTimelineChart(results: SimulationResults, name = 'sim-failures'): Chart | null {
  const rows = okRuns(results).flatMap((r) =>
    r.timeline.flatMap((b) =>
      (
        [
          ['error', b.errors],
          ['timeout', b.timeouts],
          ['429', b.rateLimited],
        ] as const
      ).map(([status, calls]) => ({ policy: r.policy, start: iso(b.startMs), status, calls })),
    ),
  );
  if (rows.length === 0) return null;
  const spec = finishSpec({
    title: { text: 'Failed calls over time', subtitle: 'calls ending in each bucket, by status (UTC)' },
    data: { values: rows },
    facet: { row: { field: 'policy', type: 'nominal', title: null, header: { labelAngle: 0, labelAnchor: 'start' } } },
    spec: {
      width: 560,
      height: 90,
      mark: { type: 'area', interpolate: 'step-after', opacity: 0.9 },
      encoding: {
        x: time,
        y: { field: 'calls', type: 'quantitative', stack: 'zero', title: 'calls' },
        color: { field: 'status', type: 'nominal', title: 'status', sort: ['error', 'timeout', '429'] },
        tooltip: [{ field: 'policy' }, { field: 'status' }, { field: 'calls' }],
      },
    },
  });
  return {
    name,
    title: 'Failed calls over time',
    caption: 'Outage windows, rate-limit bursts and timeouts as they happened, before retries and fallbacks hid them.',
    spec,
  };
}

/** Every timeline chart of a simulation result that has data; `suffix` keeps names apart across files. */
export function simulationCharts(results: SimulationResults, suffix = ''): Chart[] {
  return [
    latencyOverTimeChart(results, `sim-latency-over-time${suffix}`),
    queueOverTimeChart(results, `sim-queue-over-time${suffix}`),
    providerShareOverTimeChart(results, `sim-provider-share${suffix}`),
    failuresTimelineChart(results, `sim-failures${suffix}`),
  ].filter((c): c is Chart => c !== null);
}
