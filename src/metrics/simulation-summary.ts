import { quantilesInPlace } from '../core/stats.ts';
import { OK, SIM_STATUSES, type SimStatus } from '../simulate/attempt-log.ts';
import type { SimRun } from '../simulate/types.ts';
import { type SimTimelineBucket, simulationTimeline } from './simulation-timeline.ts';

/** What `routelab simulate --json` writes. */
export interface SimulationResults {
  readonly routelab: string;
  readonly trace: { readonly path: string; readonly requests: number; readonly models: readonly string[] };
  readonly deployment: { readonly path: string; readonly providers: readonly { name: string; model: string }[] };
  /** The --arrivals spec. */
  readonly arrivals: string;
  readonly seed: number;
  readonly warnings: readonly string[];
  readonly runs: readonly SimRunResult[];
  /** With `--load-sweep`: the same policies at each `scale:<x>`. */
  readonly loadSweep?: readonly LoadSweepPoint[];
}

/** One load level of a sweep: per policy its latency and SLO attainment (or its error). */
export interface LoadSweepPoint {
  readonly arrivals: string;
  readonly runs: readonly {
    readonly policy: string;
    readonly error?: string;
    readonly latencyMs?: SimRunResult['latencyMs'];
    readonly sloAttainment?: number | null;
  }[];
}

/** Headline figures of one policy's simulation (the `runs[]` entries of `routelab simulate --json`). */
export interface SimRunResult {
  readonly policy: string;
  readonly requests: number;
  readonly error?: string;
  /** Requests by final status. */
  readonly statuses: Readonly<Record<SimStatus, number>>;
  /** End-to-end latency of answered requests: queueing, every attempt and backoff included. */
  readonly latencyMs: { readonly mean: number; readonly p50: number; readonly p95: number; readonly p99: number };
  /** Wait for a slot (send → start) of every call that started. */
  readonly queueWaitMs: { readonly mean: number; readonly p95: number };
  /** Share of all requests answered within `sloMs`; null without --slo. */
  readonly sloMs: number | null;
  readonly sloAttainment: number | null;
  /** Calls sent by final call status (429s and outage failures included). */
  readonly calls: Readonly<Record<SimStatus | 'total', number>>;
  readonly retries: number;
  /** Moves to a fallback model. */
  readonly fallbacks: number;
  /** Answered requests per second of simulated time (first arrival → last end); within the SLO too. */
  readonly goodputPerS: number;
  readonly goodputWithinSloPerS: number | null;
  /** Every call that ran is billed, retried ones included; requests with an unknown cost are left out. */
  readonly costUsd: { readonly total: number; readonly perRequest: number; readonly unknown: number };
  /** Quality of the answering model (failed requests score 0); null when none is known. */
  readonly quality: { readonly mean: number | null; readonly unknown: number };
  /** Model / provider → share of requests by their final call. */
  readonly modelShare: Readonly<Record<string, number>>;
  readonly providerShare: Readonly<Record<string, number>>;
  /** The run in 60 time buckets: arrivals, p95, queue length, failures, provider shares (for the charts). */
  readonly timeline: readonly SimTimelineBucket[];
}

function shares(names: readonly string[], counts: Float64Array, total: number): Record<string, number> {
  const out: Record<string, number> = {};
  const order = names.map((n, i) => [n, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [name, i] of order) if (counts[i]! > 0) out[name] = counts[i]! / total;
  return out;
}

/** Summarises a simulation run; `sloMs` undefined when no SLO was asked for. */
export function summarizeSimRun(run: SimRun, sloMs: number | undefined): SimRunResult {
  const n = run.status.length;
  const statuses = Object.fromEntries(SIM_STATUSES.map((s) => [s, 0])) as Record<SimStatus, number>;
  const answered = new Float64Array(n);
  let k = 0,
    withinSlo = 0,
    costTotal = 0,
    costUnknown = 0,
    qSum = 0,
    qKnown = 0,
    firstMs = Infinity,
    lastMs = -Infinity;
  const modelCounts = new Float64Array(run.modelNames.length);
  const providerCounts = new Float64Array(run.providerNames.length);
  const modelIndex = new Map(run.modelNames.map((m, i) => [m, i]));
  let withCall = 0;
  for (let r = 0; r < n; r++) {
    const s = run.status[r]!;
    statuses[SIM_STATUSES[s]!]++;
    if (s === OK) {
      answered[k++] = run.latencyMs[r]!;
      if (sloMs !== undefined && run.latencyMs[r]! <= sloMs) withinSlo++;
    }
    if (Number.isNaN(run.costUsd[r]!)) costUnknown++;
    else costTotal += run.costUsd[r]!;
    if (!Number.isNaN(run.quality[r]!)) [qSum, qKnown] = [qSum + run.quality[r]!, qKnown + 1];
    firstMs = Math.min(firstMs, run.arrivalMs[r]!);
    lastMs = Math.max(lastMs, run.endMs[r]!);
    const a = run.finalAttempt[r]!;
    if (a >= 0) {
      const p = run.calls.provider[a]!;
      providerCounts[p]!++;
      modelCounts[modelIndex.get(run.providerModels[p]!)!]!++;
      withCall++;
    }
  }
  const lat = answered.subarray(0, k);
  const [p50, p95, p99] = quantilesInPlace(lat, [0.5, 0.95, 0.99]) as [number, number, number];
  let latSum = 0;
  for (const v of lat) latSum += v;
  const c = run.calls;
  const callCounts = Object.fromEntries(SIM_STATUSES.map((s) => [s, 0])) as Record<SimStatus, number>;
  const waits = new Float64Array(c.size);
  let started = 0,
    waitSum = 0;
  for (let a = 0; a < c.size; a++) {
    callCounts[SIM_STATUSES[c.status[a]!]!]++;
    if (!Number.isNaN(c.startMs[a]!)) {
      waits[started++] = c.startMs[a]! - c.sendMs[a]!;
      waitSum += c.startMs[a]! - c.sendMs[a]!;
    }
  }
  const [waitP95] = quantilesInPlace(waits.subarray(0, started), [0.95]) as [number];
  const spanS = n > 0 ? (lastMs - firstMs) / 1000 : 0;
  const sum = (xs: Int32Array): number => xs.reduce((s, x) => s + x, 0);
  return {
    policy: run.policy,
    requests: n,
    statuses,
    latencyMs: { mean: k ? latSum / k : NaN, p50, p95, p99 },
    queueWaitMs: { mean: started ? waitSum / started : NaN, p95: waitP95 },
    sloMs: sloMs ?? null,
    sloAttainment: sloMs === undefined ? null : n ? withinSlo / n : NaN,
    calls: { total: c.size, ...callCounts },
    retries: sum(run.retries),
    fallbacks: sum(run.fallbacks),
    goodputPerS: spanS > 0 ? k / spanS : NaN,
    goodputWithinSloPerS: sloMs === undefined ? null : spanS > 0 ? withinSlo / spanS : NaN,
    costUsd: {
      total: costTotal,
      perRequest: n > costUnknown ? costTotal / (n - costUnknown) : NaN,
      unknown: costUnknown,
    },
    quality: { mean: qKnown ? qSum / qKnown : null, unknown: n - qKnown },
    modelShare: shares(run.modelNames, modelCounts, withCall),
    providerShare: shares(run.providerNames, providerCounts, withCall),
    timeline: simulationTimeline(run),
  };
}
