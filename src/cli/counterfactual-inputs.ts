import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TraceFormatError } from '../core/errors.ts';
import type { CounterfactualInputs } from '../metrics/counterfactual/counterfactual-costs.ts';
import { type LengthRatio, learnLengthRatios, pairKey } from '../metrics/counterfactual/length-ratios.ts';
import type { PriceTable } from '../traces/price-types.ts';
import { readProviderProfiles } from '../traces/provider-profiles.ts';
import { readTrace } from '../traces/read-trace.ts';

const PROFILES = fileURLToPath(new URL('../../datasets/profiles/', import.meta.url));

const ratioFile = z.object({
  ratios: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      ratio: z.number().positive(),
      se: z.number().min(0),
      requests: z.number(),
    }),
  ),
});

/** The bundled output-length ratios (datasets/profiles/length-ratios.json, from the bundled datasets). */
async function bundledRatios(): Promise<Map<string, LengthRatio>> {
  const path = `${PROFILES}length-ratios.json`;
  if (!existsSync(path)) return new Map();
  const r = ratioFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!r.success)
    throw new TraceFormatError({ file: path }, `expected length ratios, but ${r.error.issues[0]!.message}`);
  return new Map(r.data.ratios.map((x) => [pairKey(x.from, x.to), { ratio: x.ratio, se: x.se, requests: x.requests }]));
}

/**
 * What replay needs to estimate cost and latency for models a log did not call: the price table, output-length
 * ratios (the bundled ones, learned from the bundled full-information datasets, overridden by those learned
 * from `--lengths <trace>` where models answered the same prompts), and the bundled provider latency profiles.
 */
export async function counterfactualInputs(
  prices: PriceTable,
  lengths: string | undefined,
): Promise<CounterfactualInputs> {
  const ratios = await bundledRatios();
  if (lengths) for (const [k, v] of learnLengthRatios(await readTrace(lengths))) ratios.set(k, v);
  const profilesPath = `${PROFILES}providers.json`;
  const profiles = existsSync(profilesPath) ? await readProviderProfiles(profilesPath) : [];
  return { prices, ratios, profiles };
}
