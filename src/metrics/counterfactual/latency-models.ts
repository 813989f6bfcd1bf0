/**
 * Latency of a call as ttft + output tokens / throughput, per model: fitted by least squares on the log's own
 * successful calls of that model (intercept = time to first token, slope = 1 / throughput), else taken from
 * bundled public provider profiles (llmperf-leaderboard medians) when the model's provider and size match one.
 */
import type { Trace } from '../../traces/trace.ts';

export interface LatencyModel {
  readonly ttftMs: number;
  readonly msPerToken: number;
  readonly source: 'fitted on the log' | 'provider profile';
}

export interface ProviderProfile {
  readonly provider: string;
  /** A substring the model id contains (e.g. "70b"). */
  readonly modelMatch: string;
  readonly ttftMs: number;
  readonly tokensPerSecond: number;
}

/** Calls needed to fit a model's latency line. */
const MIN_CALLS = 10;

/** Per model name: its fitted line (positive ttft and slope), for models with enough successful calls. */
export function fitLatencyModels(trace: Trace): Map<string, LatencyModel> {
  const M = trace.modelNames.length;
  const n = new Float64Array(M),
    sx = new Float64Array(M),
    sy = new Float64Array(M),
    sxx = new Float64Array(M),
    sxy = new Float64Array(M);
  for (let i = 0; i < trace.rowCount; i++) {
    const x = trace.outputTokens[i]!,
      y = trace.latencyMs[i]!;
    if (trace.status[i] !== 0 || !(x >= 0) || !(y >= 0)) continue;
    const m = trace.rowModel[i]!;
    n[m]!++;
    sx[m]! += x;
    sy[m]! += y;
    sxx[m]! += x * x;
    sxy[m]! += x * y;
  }
  const out = new Map<string, LatencyModel>();
  for (let m = 0; m < M; m++) {
    const k = n[m]!;
    const den = k * sxx[m]! - sx[m]! ** 2;
    if (k < MIN_CALLS || !(den > 0)) continue;
    const slope = (k * sxy[m]! - sx[m]! * sy[m]!) / den;
    const ttft = (sy[m]! - slope * sx[m]!) / k;
    if (slope > 0 && ttft >= 0)
      out.set(trace.modelNames[m]!, { ttftMs: ttft, msPerToken: slope, source: 'fitted on the log' });
  }
  return out;
}

/** The profile for a model served by `provider`, when one matches both (case-insensitive). */
export function profileLatency(
  profiles: readonly ProviderProfile[],
  model: string,
  provider: string | undefined,
): LatencyModel | undefined {
  const id = model.toLowerCase();
  const p = profiles.find(
    (x) => provider !== undefined && x.provider === provider.toLowerCase() && id.includes(x.modelMatch),
  );
  return p && { ttftMs: p.ttftMs, msPerToken: 1000 / p.tokensPerSecond, source: 'provider profile' };
}
