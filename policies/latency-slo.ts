import {
  ConfigError,
  checkKnownOptions,
  expectedCostUsd,
  type Decision,
  type Policy,
  type PolicyDefinition,
} from 'routelab/policy';
import { requireGateway } from './least-busy.ts';

/**
 * `latency-slo:<ms>` — the cheapest model whose recent p95 latency (its providers' last successful calls,
 * queueing included) meets the SLO, among models with a provider not cooling down. A model not yet
 * measured counts as meeting it, since only calls can measure it. When none meets it, the model with the
 * lowest recent p95. Cost is the expected cost per call (as `cheapest`); unknown costs rank last.
 */
export function latencySloPolicy(sloMs: number): Policy {
  let decisions: Decision[] = [];
  let byCost: number[] = [];
  const name = `latency-slo:${sloMs}`;
  return {
    name,
    init: ({ catalog }) => {
      decisions = catalog.map((c) => ({ type: 'model', model: c.model }));
      const cost = catalog.map((c) => {
        const usd = expectedCostUsd(c);
        return Number.isNaN(usd) ? Infinity : usd;
      });
      byCost = catalog.map((_c, i) => i).sort((a, b) => cost[a]! - cost[b]! || a - b);
    },
    decide: (_req, ctx) => {
      const gateway = requireGateway(name, ctx.gateway);
      let fastest = -1,
        fastestP95 = Infinity;
      for (const i of byCost) {
        const m = gateway.model(ctx.catalog[i]!.model);
        if (!m?.available) continue;
        const p95 = m.recentP95LatencyMs;
        if (Number.isNaN(p95) || p95 <= sloMs) return decisions[i]!;
        if (p95 < fastestP95) [fastest, fastestP95] = [i, p95];
      }
      return decisions[fastest >= 0 ? fastest : byCost[0]!]!;
    },
  };
}

export const latencySlo: PolicyDefinition = {
  name: 'latency-slo',
  usage: 'latency-slo:<ms>',
  factory: (options, arg) => {
    const sloMs = Number(arg);
    if (arg.trim() === '' || !(sloMs > 0) || !Number.isFinite(sloMs))
      throw new ConfigError(`policy latency-slo: expected latency-slo:<ms> with ms > 0, got "latency-slo:${arg}"`);
    checkKnownOptions('latency-slo', options, []);
    return latencySloPolicy(sloMs);
  },
};
