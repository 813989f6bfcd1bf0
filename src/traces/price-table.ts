import { readFile } from 'node:fs/promises';
import { TraceFormatError } from '../core/errors.ts';
import { importGenaiPrices, isGenaiPrices } from './import-genai-prices.ts';
import { importLitellm, isLitellm } from './import-litellm.ts';
import { parseIsoMs } from './parse-values.ts';
import type { PriceEntry, PriceTable } from './price-types.ts';

/**
 * routelab's own price-table file, version 1:
 * `{"routelab_price_table": 1, "version", "source"?, "aliases"?: {alias: model}, "entries": [PriceEntry…]}`.
 * Validation is strict (unknown keys are refused, so a typo cannot silently drop a price) and reports every
 * problem with the JSON path of the bad field.
 */
export const PRICE_TABLE_FORMAT = 1;

const ENTRY_KEYS = new Set([
  'model',
  'inputUsdPerMTok',
  'outputUsdPerMTok',
  'cachedInputUsdPerMTok',
  'reasoningUsdPerMTok',
  'validFrom',
  'validTo',
  'source',
]);
const TABLE_KEYS = new Set(['routelab_price_table', 'version', 'source', 'aliases', 'entries']);
const MAX_PROBLEMS = 20;

/**
 * Reads a price table, detecting the format: routelab, litellm `model_prices_and_context_window.json`, or
 * genai-prices `data.json`.
 */
export async function readPriceTable(path: string): Promise<PriceTable> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const why =
      err instanceof SyntaxError
        ? `expected JSON, got a syntax error (${err.message})`
        : `cannot read the file (${(err as Error).message})`;
    throw new TraceFormatError({ file: path }, why, { cause: err });
  }
  if (json !== null && typeof json === 'object' && 'routelab_price_table' in json) return parsePriceTable(json, path);
  if (isGenaiPrices(json)) return importGenaiPrices(json, path);
  if (isLitellm(json)) return importLitellm(json, path);
  throw new TraceFormatError(
    { file: path },
    'expected a routelab price table (with "routelab_price_table": 1), a litellm ' +
      'model_prices_and_context_window.json or a genai-prices data.json, got none of these',
  );
}

/** The routelab file form of a table (what `parsePriceTable` reads back), ready for `toJson`. */
export function priceTableJson(table: PriceTable): Record<string, unknown> {
  return { routelab_price_table: PRICE_TABLE_FORMAT, ...table };
}

/** Validates a routelab price table; throws TraceFormatError naming the JSON path of each bad field. */
export function parsePriceTable(json: unknown, file: string): PriceTable {
  const problems = new Problems();
  const bad = problems.add;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TraceFormatError({ file, column: '$' }, `expected a JSON object, got ${describe(json)}`);
  }
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!TABLE_KEYS.has(k)) bad(`$.${k}`, `expected one of ${[...TABLE_KEYS].join(', ')}, got an unknown key`);
  if (o.routelab_price_table !== PRICE_TABLE_FORMAT) {
    bad(
      '$.routelab_price_table',
      `expected ${PRICE_TABLE_FORMAT} (the only format this routelab reads), got ${describe(o.routelab_price_table)}`,
    );
  }
  if (typeof o.version !== 'string' || o.version === '')
    bad('$.version', `expected a non-empty string, got ${describe(o.version)}`);
  if (o.source !== undefined && typeof o.source !== 'string')
    bad('$.source', `expected a string, got ${describe(o.source)}`);
  const entries: PriceEntry[] = [];
  if (!Array.isArray(o.entries) || o.entries.length === 0)
    bad('$.entries', `expected a non-empty array of prices, got ${describe(o.entries)}`);
  else
    o.entries.forEach((e, i) => {
      const entry = parseEntry(e, `$.entries[${i}]`, problems);
      if (entry) entries.push(entry);
    });
  const aliases = parseAliases(o.aliases, new Set(entries.map((e) => e.model)), bad);
  if (problems.list.length === 0) checkOverlaps(entries, bad);
  if (problems.list.length > 0) {
    const lines = problems.list.slice(0, MAX_PROBLEMS).map((p) => `${file} (${p.path}): ${p.detail}`);
    const first = problems.list[0]!;
    const more = problems.list.length > 1 ? ` (and ${problems.list.length - 1} more problems)` : '';
    throw new TraceFormatError({ file, column: first.path }, first.detail + more, { problems: lines });
  }
  return {
    version: o.version as string,
    ...(o.source === undefined ? {} : { source: o.source as string }),
    entries,
    ...(aliases ? { aliases } : {}),
  };
}

type Bad = (path: string, detail: string) => void;

/** Every problem found, in document order. */
class Problems {
  readonly list: { path: string; detail: string }[] = [];
  readonly add: Bad = (path, detail) => void this.list.push({ path, detail });
}

function parseEntry(e: unknown, path: string, problems: Problems): PriceEntry | undefined {
  const bad = problems.add;
  if (e === null || typeof e !== 'object' || Array.isArray(e)) {
    bad(path, `expected an object {model, inputUsdPerMTok, outputUsdPerMTok, …}, got ${describe(e)}`);
    return undefined;
  }
  const o = e as Record<string, unknown>;
  const before = problems.list.length;
  for (const k of Object.keys(o))
    if (!ENTRY_KEYS.has(k)) bad(`${path}.${k}`, `expected one of ${[...ENTRY_KEYS].join(', ')}, got an unknown key`);
  if (typeof o.model !== 'string' || o.model === '')
    bad(`${path}.model`, `expected a non-empty model id, got ${describe(o.model)}`);
  for (const k of ['inputUsdPerMTok', 'outputUsdPerMTok', 'cachedInputUsdPerMTok', 'reasoningUsdPerMTok']) {
    const v = o[k];
    if (v === undefined && (k === 'cachedInputUsdPerMTok' || k === 'reasoningUsdPerMTok')) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      bad(`${path}.${k}`, `expected a finite number ≥ 0 (USD per million tokens), got ${describe(v)}`);
  }
  for (const k of ['validFrom', 'validTo']) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'string' || Number.isNaN(parseIsoMs(v))))
      bad(`${path}.${k}`, `expected an ISO-8601 date like "2024-07-18", got ${describe(v)}`);
  }
  if (
    typeof o.validFrom === 'string' &&
    typeof o.validTo === 'string' &&
    !(parseIsoMs(o.validFrom) < parseIsoMs(o.validTo))
  ) {
    bad(`${path}.validTo`, `expected a date after validFrom ${o.validFrom}, got "${o.validTo}"`);
  }
  if (o.source !== undefined && typeof o.source !== 'string')
    bad(`${path}.source`, `expected a string, got ${describe(o.source)}`);
  return problems.list.length === before ? (o as unknown as PriceEntry) : undefined;
}

function parseAliases(a: unknown, models: Set<string>, bad: Bad): Record<string, string> | undefined {
  if (a === undefined) return undefined;
  if (a === null || typeof a !== 'object' || Array.isArray(a)) {
    bad('$.aliases', `expected an object {alias: model}, got ${describe(a)}`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [alias, target] of Object.entries(a as Record<string, unknown>)) {
    const path = `$.aliases[${JSON.stringify(alias)}]`;
    if (typeof target !== 'string') bad(path, `expected a model id string, got ${describe(target)}`);
    else if (models.has(alias))
      bad(
        path,
        `expected an alias that is not itself a priced model, got "${alias}" which has an entry; remove one of them`,
      );
    else if (!models.has(target)) bad(path, `expected the id of a model in entries, got "${target}"`);
    else out[alias] = target;
  }
  return out;
}

function checkOverlaps(entries: readonly PriceEntry[], bad: Bad): void {
  const byModel = new Map<string, number[]>();
  entries.forEach((e, i) => byModel.set(e.model, [...(byModel.get(e.model) ?? []), i]));
  for (const idx of byModel.values()) {
    const sorted = [...idx].sort((a, b) => validFromMs(entries[a]!) - validFromMs(entries[b]!));
    for (let k = 1; k < sorted.length; k++) {
      const prev = entries[sorted[k - 1]!]!,
        cur = entries[sorted[k]!]!;
      if (validToMs(prev) > validFromMs(cur)) {
        bad(
          `$.entries[${sorted[k]}]`,
          `expected price periods of "${cur.model}" not to overlap, got an overlap with ` +
            `$.entries[${sorted[k - 1]}]; set validTo/validFrom so each instant has one price`,
        );
      }
    }
  }
}

/** Start of an entry's validity in epoch ms (−∞ when open). */
export function validFromMs(e: PriceEntry): number {
  return e.validFrom === undefined ? -Infinity : parseIsoMs(e.validFrom);
}

/** End (exclusive) of an entry's validity in epoch ms (+∞ when open). */
export function validToMs(e: PriceEntry): number {
  return e.validTo === undefined ? Infinity : parseIsoMs(e.validTo);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'an array';
  if (v === null || typeof v !== 'object') return String(v);
  return 'an object';
}

/** How `matchPrice` found a model: through an explicit alias, by its exact id, or by the provider-prefix rule. */
export type PriceMatchRule = 'alias' | 'exact' | 'provider-prefix';

export interface PriceMatch {
  readonly entry: PriceEntry;
  readonly rule: PriceMatchRule;
  /** The table's model id that was priced (differs from the query for aliases and the prefix rule). */
  readonly model: string;
}

// Per table: model id → its entries sorted by validFrom (periods never overlap after parsing).
const indexes = new WeakMap<PriceTable, Map<string, PriceEntry[]>>();

function indexOf(table: PriceTable): Map<string, PriceEntry[]> {
  let index = indexes.get(table);
  if (!index) {
    index = new Map();
    for (const e of table.entries) index.set(e.model, [...(index.get(e.model) ?? []), e]);
    for (const list of index.values()) list.sort((a, b) => validFromMs(a) - validFromMs(b));
    indexes.set(table, index);
  }
  return index;
}

/**
 * The price of `model` at `atMs` (epoch ms), found by these rules in order — nothing fuzzier:
 * 1. an explicit alias of the table (`aliases[model]`);
 * 2. an entry whose id is exactly `model` (case-sensitive);
 * 3. the provider-prefix rule: `provider/rest` is looked up as `rest` (rules 1–2), stripping exactly one
 *    leading segment, so `openai/gpt-4o-mini` ≡ `gpt-4o-mini`. A bare id never gains a prefix (`gpt-4o-mini`
 *    does not find `openai/gpt-4o-mini`; importers add such aliases where the bare id is unambiguous).
 * Among a model's entries the one whose [validFrom, validTo) holds `atMs` wins; with `atMs` absent or NaN,
 * the latest one. Undefined when no rule finds the model, or none of its prices held at `atMs`.
 */
export function matchPrice(table: PriceTable, model: string, atMs?: number): PriceMatch | undefined {
  const direct = lookup(table, model, atMs);
  if (direct !== 'unknown') return direct;
  const slash = model.indexOf('/');
  if (slash <= 0 || slash === model.length - 1) return undefined;
  const stripped = lookup(table, model.slice(slash + 1), atMs);
  return stripped === 'unknown' || stripped === undefined ? undefined : { ...stripped, rule: 'provider-prefix' };
}

/** The price entry `matchPrice` finds, or undefined. */
export function resolvePrice(table: PriceTable, model: string, atMs?: number): PriceEntry | undefined {
  return matchPrice(table, model, atMs)?.entry;
}

/** True when some rule of `matchPrice` knows the model, whatever the time. */
export function knowsModel(table: PriceTable, model: string): boolean {
  return matchPrice(table, model) !== undefined;
}

function lookup(table: PriceTable, model: string, atMs: number | undefined): PriceMatch | undefined | 'unknown' {
  const target = table.aliases?.[model];
  const id = target ?? model;
  const list = indexOf(table).get(id);
  if (!list) return 'unknown';
  const entry =
    atMs === undefined || Number.isNaN(atMs)
      ? list[list.length - 1]
      : list.find((e) => validFromMs(e) <= atMs && atMs < validToMs(e));
  return entry && { entry, rule: target === undefined ? 'exact' : 'alias', model: id };
}
