import { existsSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ConfigError, TraceFormatError } from '../core/errors.ts';
import { readPriceTable } from '../traces/price-table.ts';
import { priceTrace, type PricingReport } from '../traces/price-trace.ts';
import type { PriceTable } from '../traces/price-types.ts';
import { type FileEngine, type ReaderEngine, readTraceWithEngine } from '../traces/engines/read-with-engine.ts';
import { TRACE_FORMATS, type TraceFormat } from '../traces/read-trace.ts';
import type { Trace } from '../traces/trace.ts';
import { formatMb } from '../traces/memory-budget.ts';
import { count } from './format.ts';
import { progressBar } from './progress.ts';

/** The bundled price table, used when a trace lacks recorded costs and no `--prices` is given. */
export const BUNDLED_PRICES = fileURLToPath(new URL('../../datasets/prices.json', import.meta.url));

export interface TraceFlags {
  format?: string;
  lenient?: boolean;
  prices?: string;
  maxMemory?: string;
  engine?: string;
}

const FORMATS = TRACE_FORMATS;

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
  if (!FORMATS.includes(format)) {
    throw new ConfigError(`--format: expected one of ${FORMATS.join(', ')}, got "${flags.format}"`);
  }
  refuseFolders(paths);
  const bar = progressBar('reading');
  let trace: Trace;
  let engines: FileEngine[];
  try {
    ({ trace, files: engines } = await readTraceWithEngine(paths, {
      format,
      lenient: flags.lenient ?? false,
      maxMemoryMb: maxMemoryMb(flags.maxMemory),
      onProgress: (d, t, grown) => bar.update(d, t, `${count(grown.rows)} rows · ${formatMb(grown.memoryBytes)}`),
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

/** A trace with no rows left (--lenient skipped them all) says so, instead of failing later on a wrong cause. */
export function refuseEmpty(trace: Trace, paths: readonly string[]): void {
  if (trace.rowCount > 0) return;
  const skipped = trace.warnings.find((w) => w.code === 'skipped-row');
  throw new TraceFormatError(
    { file: paths.join(' ') },
    skipped
      ? `expected rows to replay, got none: --lenient skipped all ${skipped.count} (${skipped.message})`
      : 'expected rows to replay, got none',
  );
}

/**
 * The --max-memory budget in MB: the flag, else half of this machine's memory, so that a trace too big for
 * it stops with a message instead of swapping or being killed.
 */
function maxMemoryMb(flag: string | undefined): number {
  if (flag === undefined) return Math.round(totalmem() / 2 / 1e6);
  const mb = Number(flag);
  if (!(mb > 0) || !Number.isFinite(mb)) {
    throw new ConfigError(`--max-memory: expected a size in MB greater than 0, got "${flag}"; e.g. --max-memory 4000`);
  }
  return mb;
}

/** A folder given as a trace is a usage error (rc 2) in every command, as `validate` has it. */
function refuseFolders(paths: readonly string[]): void {
  for (const p of paths) {
    if (statSync(p, { throwIfNoEntry: false })?.isDirectory())
      throw new ConfigError(`${p}: expected a trace file, got a folder; pass the files in it, e.g. ${p}/*.csv`);
  }
}
