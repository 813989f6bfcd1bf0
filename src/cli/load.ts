import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.ts';
import { readPriceTable } from '../traces/price-table.ts';
import { priceTrace, type PricingReport } from '../traces/pricing.ts';
import type { PriceTable } from '../traces/prices.ts';
import { type FileEngine, type ReaderEngine, readTraceWithEngine } from '../traces/engines/read-with-engine.ts';
import type { TraceFormat } from '../traces/read-trace.ts';
import type { Trace } from '../traces/trace.ts';
import { progressBar } from './progress.ts';

/** The bundled price table, used when a trace lacks recorded costs and no `--prices` is given. */
export const BUNDLED_PRICES = fileURLToPath(new URL('../../datasets/prices.json', import.meta.url));

export interface TraceFlags {
  format?: string;
  lenient?: boolean;
  prices?: string;
  engine?: string;
}

const FORMATS = ['auto', 'csv', 'tsv', 'jsonl', 'parquet', 'wide'] as const;

/** `--prices none` turns pricing off; otherwise the named table, or the bundled one. */
export async function loadPrices(flag: string | undefined): Promise<PriceTable | undefined> {
  if (flag === 'none') return undefined;
  const path = flag ?? BUNDLED_PRICES;
  if (!existsSync(path)) {
    if (flag === undefined) return undefined;
    throw new ConfigError(
      `--prices ${flag}: no such file; give a routelab, litellm or genai-prices price table, or "none"`,
    );
  }
  return readPriceTable(path);
}

/**
 * Reads traces as every command does: strict unless `--lenient`, then fills missing costs from the
 * price table (counted as estimated). With `repriceWhenGiven` and a table named by `--prices`, every row is
 * re-priced ("what if prices were today's?").
 */
export async function loadTrace(
  paths: readonly string[],
  flags: TraceFlags,
  repriceWhenGiven = false,
): Promise<{
  trace: Trace;
  pricing: PricingReport | undefined;
  prices: PriceTable | undefined;
  engines: FileEngine[];
}> {
  const format = (flags.format ?? 'auto') as TraceFormat;
  if (!FORMATS.includes(format as (typeof FORMATS)[number])) {
    throw new ConfigError(`--format: expected one of ${FORMATS.join(', ')}, got "${flags.format}"`);
  }
  const bar = progressBar('reading');
  let trace: Trace;
  let engines: FileEngine[];
  try {
    ({ trace, files: engines } = await readTraceWithEngine(paths, {
      format,
      lenient: flags.lenient ?? false,
      onProgress: (d, t) => bar.update(d, t),
      engine: (flags.engine ?? 'auto') as ReaderEngine,
    }));
  } finally {
    bar.stop();
  }
  const prices = await loadPrices(flags.prices);
  // Only a table named with --prices replaces recorded costs; the bundled default only fills gaps.
  const reprice = repriceWhenGiven && flags.prices !== undefined;
  if (!prices) return { trace, pricing: undefined, prices, engines };
  const priced = priceTrace(trace, prices, { reprice });
  return { trace: priced.trace, pricing: priced.report, prices, engines };
}
