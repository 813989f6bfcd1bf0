import { replay } from '../../src/replay/replay.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import type { PriceTable } from '../../src/traces/price-types.ts';
import type { Trace } from '../../src/traces/trace.ts';
import type { RunDecisions } from '../../src/replay/types.ts';
import { builtinRegistry } from '../../policies/index.ts';

/** Replays one built-in spec over `trace` and returns its run with the chosen model names. */
export async function runSpec(
  spec: string,
  trace: Trace,
  options: { train?: Trace; prices?: PriceTable; seed?: number } = {},
): Promise<RunDecisions & { models: string[] }> {
  const policy = await resolvePolicy(spec, builtinRegistry());
  const [run] = await replay(trace, [policy], { seed: options.seed ?? 1, ...options });
  return { ...run!, models: [...run!.chosen].map((m) => trace.modelNames[m] ?? String(m)) };
}
