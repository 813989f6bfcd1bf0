import { matchPrice } from './price-table.ts';
import type { PriceEntry, PriceTable } from './price-types.ts';
import type { Trace, TraceWarning } from './trace.ts';

/** What `priceTrace` did: rows it priced, models the table does not know, rows left without a cost. */
export interface PricingReport {
  readonly estimatedRows: number;
  readonly unknownModels: string[];
  readonly unpricedRows: number;
}

export interface PriceTraceOptions {
  /**
   * Price every row, replacing recorded costs too ("what if prices were these?"). Default: only rows without a
   * cost.
   */
  readonly reprice?: boolean;
  /**
   * Price every row at this instant (epoch ms) instead of its request's timestamp; rows without a timestamp use
   * the latest price.
   */
  readonly atMs?: number;
}

/**
 * Fills cost_usd from tokens × prices, in USD:
 *   cost = ((input − cached) · in + cached · cachedIn + (output − reasoning) · out + reasoning · reasoningPrice) / 1e6
 * Cached input tokens are a subset of input tokens and reasoning tokens a subset of output tokens (as
 * OpenAI, Anthropic and Google report them), so each token is billed once; a table without a cached or
 * reasoning price bills them at the plain input or output price. Absent cached/reasoning counts are 0.
 *
 * Priced rows get costEstimated = 1 and are counted in a `cost-estimated` warning. A row is left without a
 * cost (NaN, never 0) and counted when its model is unknown to the table (`unknown-model`, naming the
 * models), when it lacks input or output tokens (`missing-tokens`), when the table has no price for the
 * request's time (`no-price-at-time`), or when cached > input or reasoning > output (`inconsistent-tokens`).
 * Models found only through the provider-prefix rule are named in a `price-prefix-match` warning.
 * With `reprice`, a row that cannot be re-priced keeps its recorded cost (`recorded-cost-kept`) instead.
 * Returns a new Trace; columns it does not change are shared with the input.
 */
export function priceTrace(
  trace: Trace,
  table: PriceTable,
  options: PriceTraceOptions = {},
): { trace: Trace; report: PricingReport } {
  // A Float64Array whatever the input column: computed costs need every bit (the input may be narrowed to float32).
  const costUsd = Float64Array.from(trace.costUsd);
  const costEstimated = trace.costEstimated.slice();
  const counts = { estimated: 0, unknown: 0, missingTokens: 0, noPriceAtTime: 0, inconsistent: 0, prefix: 0, kept: 0 };
  const unknownModels = new Set<string>();
  const prefixMatches = new Set<string>();
  // Untimed lookups once per model; a timed lookup only when the model's prices have validity periods.
  const latest = trace.modelNames.map((m) => matchPrice(table, m));
  for (let i = 0; i < trace.rowCount; i++) {
    if (!options.reprice && !Number.isNaN(costUsd[i]!)) continue;
    const model = trace.modelNames[trace.rowModel[i]!]!;
    const atMs = options.atMs ?? trace.requestTimestampMs[trace.rowRequest[i]!]!;
    const known = latest[trace.rowModel[i]!];
    // Re-pricing a row it cannot price keeps the recorded cost: a recorded cost beats an unknown one.
    if (options.reprice && !Number.isNaN(costUsd[i]!) && !canPrice(trace, i, known?.entry, table, model, atMs)) {
      counts.kept++;
      continue;
    }
    costUsd[i] = NaN;
    costEstimated[i] = 0;
    if (!known) {
      counts.unknown++;
      unknownModels.add(model);
      continue;
    }
    const dated = known.entry.validFrom !== undefined || known.entry.validTo !== undefined;
    const match = dated && !Number.isNaN(atMs) ? matchPrice(table, model, atMs) : known;
    if (!match) {
      counts.noPriceAtTime++;
      continue;
    }
    const cost = rowCost(
      match.entry,
      trace.inputTokens[i]!,
      trace.outputTokens[i]!,
      trace.cachedInputTokens[i]!,
      trace.reasoningTokens[i]!,
    );
    if (cost === 'missing') counts.missingTokens++;
    else if (cost === 'inconsistent') counts.inconsistent++;
    else {
      costUsd[i] = cost;
      costEstimated[i] = 1;
      counts.estimated++;
      if (match.rule === 'provider-prefix') {
        counts.prefix++;
        prefixMatches.add(`${model} → ${match.model}`);
      }
    }
  }
  const warnings: TraceWarning[] = [...trace.warnings];
  const warn = (code: string, count: number, message: string): void =>
    void (count > 0 && warnings.push({ code, message, count }));
  const unknown = [...unknownModels].sort();
  warn('cost-estimated', counts.estimated, `cost_usd computed from tokens × price table "${table.version}"`);
  warn(
    'unknown-model',
    counts.unknown,
    `no price for ${unknown.map((m) => `"${m}"`).join(', ')}; their cost is left unknown (add them or an alias ` +
      `to the price table)`,
  );
  warn('missing-tokens', counts.missingTokens, 'rows without input_tokens or output_tokens: cost left unknown');
  warn(
    'recorded-cost-kept',
    counts.kept,
    `rows the price table "${table.version}" cannot re-price (no tokens, or no price for the model or time) ` +
      'keep their recorded cost_usd, so costs mix re-priced and recorded values',
  );
  warn(
    'no-price-at-time',
    counts.noPriceAtTime,
    `the price table "${table.version}" has no price valid at the request's timestamp: cost left unknown`,
  );
  warn(
    'inconsistent-tokens',
    counts.inconsistent,
    'rows with cached_input_tokens > input_tokens or reasoning_tokens > output_tokens: cost left unknown',
  );
  warn(
    'price-prefix-match',
    counts.prefix,
    `priced through the provider-prefix rule: ${[...prefixMatches].sort().join(', ')}`,
  );
  const present = new Set(trace.present);
  if (counts.estimated > 0) present.add('cost_usd');
  const unpricedRows = counts.unknown + counts.missingTokens + counts.noPriceAtTime + counts.inconsistent;
  return {
    trace: { ...trace, costUsd, costEstimated, present, warnings },
    report: { estimatedRows: counts.estimated, unknownModels: unknown, unpricedRows },
  };
}

/** Cost in USD of one call; 'missing' without input/output counts, 'inconsistent' when a subset exceeds its total. */
export function rowCost(
  p: PriceEntry,
  input: number,
  output: number,
  cached: number,
  reasoning: number,
): number | 'missing' | 'inconsistent' {
  if (Number.isNaN(input) || Number.isNaN(output)) return 'missing';
  const c = Number.isNaN(cached) ? 0 : cached;
  const r = Number.isNaN(reasoning) ? 0 : reasoning;
  if (c > input || r > output) return 'inconsistent';
  return (
    ((input - c) * p.inputUsdPerMTok +
      c * (p.cachedInputUsdPerMTok ?? p.inputUsdPerMTok) +
      (output - r) * p.outputUsdPerMTok +
      r * (p.reasoningUsdPerMTok ?? p.outputUsdPerMTok)) /
    1e6
  );
}

/** Whether re-pricing row i can succeed: a price for its model at its time and consistent token counts. */
function canPrice(
  trace: Trace,
  i: number,
  latest: PriceEntry | undefined,
  table: PriceTable,
  model: string,
  atMs: number,
): boolean {
  if (!latest) return false;
  const dated = latest.validFrom !== undefined || latest.validTo !== undefined;
  const entry = dated && !Number.isNaN(atMs) ? matchPrice(table, model, atMs)?.entry : latest;
  if (!entry) return false;
  const cost = rowCost(
    entry,
    trace.inputTokens[i]!,
    trace.outputTokens[i]!,
    trace.cachedInputTokens[i]!,
    trace.reasoningTokens[i]!,
  );
  return typeof cost === 'number';
}
