import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { learnLengthRatios } from '../metrics/counterfactual/length-ratios.ts';
import type { CounterfactualInputs } from '../metrics/counterfactual/counterfactual-costs.ts';
import { readProviderProfiles } from '../traces/provider-profiles.ts';
import type { PriceTable } from '../traces/prices.ts';
import { readTrace } from '../traces/read-trace.ts';

const BUNDLED_PROFILES = fileURLToPath(new URL('../../datasets/profiles/providers.json', import.meta.url));

/**
 * What replay needs to estimate cost and latency for models a log did not call: the price table, output-length
 * ratios learned from `--lengths <trace>` (a trace where models answered the same prompts), and the bundled
 * provider latency profiles.
 */
export async function counterfactualInputs(
  prices: PriceTable,
  lengths: string | undefined,
): Promise<CounterfactualInputs> {
  const ratios = lengths ? learnLengthRatios(await readTrace(lengths)) : new Map();
  const profiles = existsSync(BUNDLED_PROFILES) ? await readProviderProfiles(BUNDLED_PROFILES) : [];
  return { prices, ratios, profiles };
}
