import type { Rng } from '../core/rng.ts';
import type { Trace } from '../traces/trace.ts';
import { ERROR, OK, RATE_LIMITED, TIMEOUT } from './attempt-log.ts';
import type { ProviderState } from './provider-state.ts';

/** The trace row of request r on model `traceModel`, -1 when the trace has none (unsupported). */
export function rowOf(trace: Trace, r: number, traceModel: number): number {
  const end = trace.requestRowStart[r + 1]!;
  for (let i = trace.requestRowStart[r]!; i < end; i++) if (trace.rowModel[i] === traceModel) return i;
  return -1;
}

/** Service time of a call: ttft + output tokens / throughput with a profile, else the recorded latency. */
export function serviceMs(trace: Trace, p: ProviderState, row: number): number {
  const profile = p.provider.profile;
  if (profile) return profile.ttftMs + (trace.outputTokens[row]! / profile.outputTokensPerS) * 1000;
  return trace.latencyMs[row]!;
}

/** Input + output tokens of a call, as rate limits count them (unknown counts as 0). */
export function callTokens(trace: Trace, row: number): number {
  return (trace.inputTokens[row]! || 0) + (trace.outputTokens[row]! || 0);
}

/** USD billed for a call that ran: tokens × the provider's price override when it has one, else the recorded cost. */
export function callCostUsd(trace: Trace, p: ProviderState, row: number): number {
  const price = p.provider.price;
  const inp = trace.inputTokens[row]!,
    out = trace.outputTokens[row]!;
  if (price && !Number.isNaN(inp) && !Number.isNaN(out))
    return (inp * price.inputUsdPerMTok + out * price.outputUsdPerMTok) / 1e6;
  return trace.costUsd[row]!;
}

/**
 * How a started call ends if nothing cuts it short: a failed status the trace recorded for that row is
 * kept; otherwise it fails with the provider's errorRate, drawn from the provider's own stream.
 */
export function plannedStatus(trace: Trace, p: ProviderState, row: number, rng: Rng): number {
  const recorded = trace.status[row]!;
  if (recorded === 1) return ERROR;
  if (recorded === 2) return TIMEOUT;
  if (recorded === 3) return RATE_LIMITED;
  return p.provider.errorRate > 0 && rng.next() < p.provider.errorRate ? ERROR : OK;
}
