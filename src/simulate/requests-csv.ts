import type { Trace } from '../traces/trace.ts';
import { SIM_STATUSES } from './attempt-log.ts';
import type { SimRun } from './types.ts';

export const REQUESTS_CSV_HEADER =
  'request_id,policy,model,provider,arrival_ms,start_ms,end_ms,queue_ms,latency_ms,status,' +
  'attempts,retries,fallbacks,cost_usd,quality';

const cell = (v: string | number): string => {
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/**
 * One line per request and policy, in trace order (failed and unsupported requests too). Times in epoch
 * ms on the trace clock; model, provider and start_ms are the final call's (empty when none was sent);
 * queue_ms = start_ms − arrival_ms, the pure queue wait for a request answered at the first try.
 */
export function requestsCsvLines(trace: Trace, run: SimRun): string[] {
  const lines: string[] = [];
  const c = run.calls;
  for (let r = 0; r < run.status.length; r++) {
    const a = run.finalAttempt[r]!;
    const p = a >= 0 ? c.provider[a]! : -1;
    const start = a >= 0 ? c.startMs[a]! : NaN;
    lines.push(
      [
        trace.requestIds[r]!,
        run.policy,
        p >= 0 ? run.providerModels[p]! : '',
        p >= 0 ? run.providerNames[p]! : '',
        run.arrivalMs[r]!,
        start,
        run.endMs[r]!,
        start - run.arrivalMs[r]!,
        run.latencyMs[r]!,
        SIM_STATUSES[run.status[r]!]!,
        run.attempts[r]!,
        run.retries[r]!,
        run.fallbacks[r]!,
        run.costUsd[r]!,
        run.quality[r]!,
      ]
        .map(cell)
        .join(','),
    );
  }
  return lines;
}
