import { ConfigError } from '../core/errors.ts';
import type { Rng } from '../core/rng.ts';
import type { Trace } from '../traces/trace.ts';

/**
 * When requests reach the gateway: at their trace timestamps, with the gaps between them divided by a
 * factor ("traffic ×2" = scale:2), as a Poisson process, or on a recorded production arrival pattern.
 */
export type ArrivalSpec =
  | { readonly type: 'trace' }
  | { readonly type: 'scale'; readonly factor: number }
  | { readonly type: 'poisson'; readonly perS: number }
  | { readonly type: 'pattern'; readonly name: string };

/** Parses `trace`, `scale:<x>`, `poisson:<per-second>` or `azure:code|conv`. */
export function parseArrivals(spec: string): ArrivalSpec {
  if (spec === 'trace') return { type: 'trace' };
  const [kind, arg = ''] = spec.split(':', 2) as [string, string?];
  const value = Number(arg);
  if ((kind === 'scale' || kind === 'poisson') && arg.trim() !== '' && Number.isFinite(value) && value > 0)
    return kind === 'scale' ? { type: 'scale', factor: value } : { type: 'poisson', perS: value };
  if (kind === 'azure' && (arg === 'code' || arg === 'conv')) return { type: 'pattern', name: `azure-${arg}` };
  throw new ConfigError(
    `--arrivals: expected trace, scale:<x> (x > 0), poisson:<requests per second> or azure:code|conv, got "${spec}"`,
  );
}

function firstTimestamp(trace: Trace): number {
  let t0 = Infinity;
  for (const t of trace.requestTimestampMs) if (t < t0) t0 = t;
  return Number.isFinite(t0) ? t0 : 0;
}

/**
 * Arrival time (epoch ms on the trace clock) of each request, in trace order. Generated processes start
 * at the trace's first timestamp (0 without one) and hand out arrivals in trace order. `pattern` holds
 * the offsets (ms from its start, ascending) of a recorded pattern, repeated end to end when shorter.
 */
export function arrivalTimes(trace: Trace, spec: ArrivalSpec, rng: Rng, pattern?: Float64Array): Float64Array {
  const n = trace.requestCount;
  const out = new Float64Array(n);
  if (spec.type === 'trace' || spec.type === 'scale') {
    const ts = trace.requestTimestampMs;
    const missing = ts.findIndex((t) => Number.isNaN(t));
    if (missing >= 0)
      throw new ConfigError(
        `--arrivals ${spec.type}: request ${trace.requestIds[missing]} has no timestamp; ` +
          'give the trace a timestamp column or use --arrivals poisson:<rate>',
      );
    const t0 = firstTimestamp(trace);
    const factor = spec.type === 'scale' ? spec.factor : 1;
    for (let r = 0; r < n; r++) out[r] = factor === 1 ? ts[r]! : t0 + (ts[r]! - t0) / factor;
    return out;
  }
  const t0 = firstTimestamp(trace);
  if (spec.type === 'poisson') {
    let t = t0;
    for (let r = 0; r < n; r++) {
      out[r] = t;
      t += (-Math.log(1 - rng.next()) / spec.perS) * 1000;
    }
    return out;
  }
  if (!pattern || pattern.length === 0) throw new ConfigError(`--arrivals: the ${spec.name} pattern is empty`);
  // One mean gap past the last offset before the pattern repeats, so the repeat keeps its rate.
  const span = pattern[pattern.length - 1]! + pattern[pattern.length - 1]! / Math.max(1, pattern.length - 1);
  for (let r = 0; r < n; r++) out[r] = t0 + Math.floor(r / pattern.length) * span + pattern[r % pattern.length]!;
  return out;
}
