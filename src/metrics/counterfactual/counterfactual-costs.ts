/**
 * Cost and latency of a policy on *every* request of a log, including the ones where it picks a model the log
 * did not call. Those are estimated, never measured: cost from the request's logged input tokens and the
 * logged answer's length scaled by a learned output-length ratio (length-ratios.ts) — or, with no shared
 * prompts to learn from, the logged length itself, assumed within ×0.5–×2 — priced with the price table;
 * latency from the model's ttft + tokens / throughput line (latency-models.ts). The CI spans the ratios' 95%
 * bounds applied to all estimated requests at once (errors taken as fully correlated: conservative).
 */
import { resolvePrice } from '../../traces/price-table.ts';
import type { PriceTable } from '../../traces/price-types.ts';
import type { Trace } from '../../traces/trace.ts';
import type { RunDecisions } from '../../replay/types.ts';
import { type LatencyModel, type ProviderProfile, fitLatencyModels, profileLatency } from './latency-models.ts';
import { type LengthRatio, pairKey } from './length-ratios.ts';

export interface CounterfactualInputs {
  readonly prices: PriceTable;
  /** Learned where models answered the same prompts; empty = logged length assumed. */
  readonly ratios: ReadonlyMap<string, LengthRatio>;
  readonly profiles: readonly ProviderProfile[];
}

export interface CounterfactualCost {
  readonly policy: string;
  /** Mean cost per request over requests with a measured or estimated cost. */
  readonly costUsdPerRequest: number | null;
  readonly ci95: readonly [number, number] | null;
  /** Share of requests whose cost is estimated (the rest measured, or unknown). */
  readonly estimatedShare: number;
  /** Requests whose cost is neither measured nor estimable (no tokens, no price). */
  readonly unknown: number;
  readonly latencyMsMean: number | null;
  readonly assumptions: readonly string[];
}

/** Assumed bounds on an unlearned output-length ratio. */
const UNLEARNED = { low: 0.5, high: 2 };

function providerOf(trace: Trace, model: number): string | undefined {
  const tag = trace.tags.find((t) => t.name === 'provider');
  if (!tag) return undefined;
  for (let i = 0; i < trace.rowCount; i++)
    if (trace.rowModel[i] === model && tag.codes[i]! >= 0) return tag.values[tag.codes[i]!];
  return undefined;
}

/** The logged answer of request r: its first call's input tokens, and the final ok call's model and length. */
function loggedAnswer(trace: Trace, r: number): { input: number; model: number; output: number } | undefined {
  const start = trace.requestRowStart[r]!,
    end = trace.requestRowStart[r + 1]!;
  let first = start,
    answer = -1;
  for (let i = start; i < end; i++) {
    if (trace.attempt[i]! < trace.attempt[first]!) first = i;
    if (
      trace.status[i] === 0 &&
      trace.outputTokens[i]! >= 0 &&
      (answer < 0 || trace.attempt[i]! > trace.attempt[answer]!)
    )
      answer = i;
  }
  const input = trace.inputTokens[first]!;
  if (answer < 0 || !(input >= 0)) return undefined;
  return { input, model: trace.rowModel[answer]!, output: trace.outputTokens[answer]! };
}

export function counterfactualCost(trace: Trace, run: RunDecisions, inputs: CounterfactualInputs): CounterfactualCost {
  const fitted = fitLatencyModels(trace);
  const latencyOf = new Map<number, LatencyModel | undefined>();
  const assumptions = new Set<string>();
  let n = 0,
    mid = 0,
    low = 0,
    high = 0,
    estimated = 0,
    unknown = 0,
    latN = 0,
    latSum = 0;
  for (let r = 0; r < trace.requestCount; r++) {
    if (run.chosen[r]! >= 0) {
      const c = run.costUsd[r]!;
      if (Number.isNaN(c)) unknown++;
      else {
        n++;
        mid += c;
        low += c;
        high += c;
      }
      if (run.latencyMs[r]! >= 0) {
        latN++;
        latSum += run.latencyMs[r]!;
      }
      continue;
    }
    const b = run.wanted?.[r] ?? -1;
    const name = b >= 0 ? trace.modelNames[b]! : '';
    const price = b >= 0 ? resolvePrice(inputs.prices, name) : undefined;
    const logged = loggedAnswer(trace, r);
    if (!price || !logged) {
      unknown++;
      continue;
    }
    const learned = inputs.ratios.get(pairKey(trace.modelNames[logged.model]!, name));
    const ratio = logged.model === b ? { ratio: 1, lo: 1, hi: 1 } : ratioBounds(learned);
    if (!learned && logged.model !== b) {
      assumptions.add(
        'where no prompts were answered by both models, the answer is assumed as long as the logged one ' +
          '(×0.5–×2 in the CI)',
      );
    }
    const cost = (o: number): number => (logged.input * price.inputUsdPerMTok + o * price.outputUsdPerMTok) / 1e6;
    n++;
    estimated++;
    mid += cost(logged.output * ratio.ratio);
    low += cost(logged.output * ratio.lo);
    high += cost(logged.output * ratio.hi);
    if (!latencyOf.has(b))
      latencyOf.set(b, fitted.get(name) ?? profileLatency(inputs.profiles, name, providerOf(trace, b)));
    const lat = latencyOf.get(b);
    if (lat) {
      latN++;
      latSum += lat.ttftMs + logged.output * ratio.ratio * lat.msPerToken;
      assumptions.add(`latency of ${name}: ttft + tokens / throughput, ${lat.source}`);
    }
  }
  return {
    policy: run.policy,
    costUsdPerRequest: n ? mid / n : null,
    ci95: n ? [low / n, high / n] : null,
    estimatedShare: trace.requestCount ? estimated / trace.requestCount : 0,
    unknown,
    latencyMsMean: latN ? latSum / latN : null,
    assumptions: [...assumptions].sort(),
  };
}

function ratioBounds(learned: LengthRatio | undefined): { ratio: number; lo: number; hi: number } {
  if (!learned) return { ratio: 1, lo: UNLEARNED.low, hi: UNLEARNED.high };
  const d = 1.96 * learned.se;
  return { ratio: learned.ratio, lo: Math.max(0, learned.ratio - d), hi: learned.ratio + d };
}
