import { TraceFormatError } from '../core/errors.ts';
import type { PriceEntry, PriceTable } from './price-types.ts';

/**
 * pydantic/genai-prices `data.json`: `[{id: provider, models: [{id, match, prices}]}]`, prices in USD per
 * million tokens. How its richer model maps onto routelab's:
 * - ids become `<provider>/<model>`; the bare model id is added as an alias when exactly one provider lists it
 *   (an id listed by several providers stays ambiguous and needs the prefix);
 * - genai-prices `match` rules (starts_with / contains) are NOT applied: routelab never fuzzy-matches;
 * - token-count tiers (`{base, tiers: [{start: 200000, price}]}`): the base price, i.e. prompts below the first tier;
 * - a list of conditional prices: `start_date` constraints become validFrom/validTo periods; time-of-day
 *   constraints are not modelled and the unconstrained price is kept (for DeepSeek that is the price genai-prices
 *   lists outside its 00:30–16:30 UTC window, i.e. the off-peak discount);
 * - `cache_read_mtok` → cachedInputUsdPerMTok; cache writes, audio and per-request prices are not modelled;
 * - models without both an input and an output price (embeddings) are skipped.
 */
interface GenaiProvider {
  id: string;
  models: { id: string; prices: unknown }[];
}

/** True when `json` looks like genai-prices data.json (an array of providers with models). */
export function isGenaiPrices(json: unknown): json is GenaiProvider[] {
  return (
    Array.isArray(json) &&
    json.length > 0 &&
    json.every((p) => p !== null && typeof p === 'object' && typeof p.id === 'string' && Array.isArray(p.models))
  );
}

/** Imports genai-prices data.json into a PriceTable. */
export function importGenaiPrices(json: unknown, file: string): PriceTable {
  if (!isGenaiPrices(json))
    throw new TraceFormatError(
      { file, column: '$' },
      'expected genai-prices data.json (an array of {id, models}), got something else',
    );
  const entries: PriceEntry[] = [];
  const providersOf = new Map<string, string[]>();
  json.forEach((provider, p) =>
    provider.models.forEach((m, k) => {
      const path = `$[${p}].models[${k}]`;
      if (typeof m?.id !== 'string')
        throw new TraceFormatError(
          { file, column: `${path}.id` },
          `expected a model id string, got ${JSON.stringify(m?.id)}`,
        );
      const model = `${provider.id}/${m.id}`;
      const periods = pricePeriods(m.prices, `${path}.prices`, file);
      const priced = periods
        .map((x) => toEntry(model, x.prices, x.from, x.to, `${path}.prices`, file))
        .filter((e): e is PriceEntry => e !== undefined);
      if (priced.length === 0) return;
      entries.push(...priced);
      providersOf.set(m.id, [...(providersOf.get(m.id) ?? []), provider.id]);
    }),
  );
  const ids = new Set(entries.map((e) => e.model));
  const aliases: Record<string, string> = {};
  for (const [bare, providers] of [...providersOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (providers.length === 1 && !ids.has(bare)) aliases[bare] = `${providers[0]}/${bare}`;
  }
  return { version: `genai-prices (${json.length} providers, ${ids.size} models)`, source: file, entries, aliases };
}

type Prices = Record<string, unknown>;

function pricePeriods(prices: unknown, path: string, file: string): { prices: Prices; from?: string; to?: string }[] {
  if (!Array.isArray(prices)) return [{ prices: asObject(prices, path, file) }];
  const dated: { prices: Prices; from?: string }[] = [];
  prices.forEach((c: { constraint?: Record<string, unknown>; prices?: unknown }, i) => {
    const constraint = c?.constraint;
    const body = asObject(c?.prices, `${path}[${i}].prices`, file);
    if (constraint === undefined) dated.push({ prices: body });
    else if (typeof constraint.start_date === 'string') dated.push({ prices: body, from: constraint.start_date });
    // Other constraints (time of day) are dropped on purpose; see the header comment.
  });
  dated.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  return dated.map((d, i) => ({ ...d, ...(dated[i + 1]?.from ? { to: dated[i + 1]!.from } : {}) }));
}

function toEntry(
  model: string,
  prices: Prices,
  from: string | undefined,
  to: string | undefined,
  path: string,
  file: string,
): PriceEntry | undefined {
  const base = (key: string): number | undefined => {
    const v = prices[key];
    const n = v !== null && typeof v === 'object' && 'base' in v ? (v as { base: unknown }).base : v;
    if (n === undefined) return undefined;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
      throw new TraceFormatError(
        { file, column: `${path}.${key}` },
        `expected a price ≥ 0 in USD per million tokens, got ${JSON.stringify(v)}`,
      );
    }
    return n;
  };
  const input = base('input_mtok'),
    output = base('output_mtok'),
    cached = base('cache_read_mtok');
  if (input === undefined || output === undefined) return undefined;
  return {
    model,
    inputUsdPerMTok: input,
    outputUsdPerMTok: output,
    ...(cached === undefined ? {} : { cachedInputUsdPerMTok: cached }),
    ...(from === undefined ? {} : { validFrom: from }),
    ...(to === undefined ? {} : { validTo: to }),
  };
}

function asObject(v: unknown, path: string, file: string): Prices {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new TraceFormatError({ file, column: path }, `expected an object of prices, got ${JSON.stringify(v)}`);
  return v as Prices;
}
