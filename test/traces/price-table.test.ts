import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceFormatError } from '../../src/core/errors.ts';
import {
  matchPrice,
  parsePriceTable,
  priceTableJson,
  readPriceTable,
  resolvePrice,
} from '../../src/traces/price-table.ts';
import type { PriceTable } from '../../src/traces/price-types.ts';

const fixture = (name: string): string => new URL(`../fixtures/prices/${name}`, import.meta.url).pathname;
const ms = (iso: string): number => Date.parse(iso);

function table(entries: unknown[], extra: Record<string, unknown> = {}): unknown {
  return { routelab_price_table: 1, version: 'v', entries, ...extra };
}
const mini = { model: 'gpt-4o-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 };

describe('parsePriceTable', () => {
  it('reads a valid routelab table with aliases and validity periods', async () => {
    const t = await readPriceTable(fixture('routelab.json'));
    expect(t.version).toBe('test-2024-06');
    expect(t.source).toBe('hand-made fixture');
    expect(t.entries).toHaveLength(3);
    expect(t.aliases).toEqual({ mini: 'gpt-4o-mini' });
  });

  it.each([
    ['a non-object', [], '$', 'expected a JSON object, got an array'],
    [
      'a missing format marker',
      { version: 'v', entries: [mini] },
      '$.routelab_price_table',
      'expected 1 (the only format this routelab reads), got nothing',
    ],
    ['a future format', { routelab_price_table: 2, version: 'v', entries: [mini] }, '$.routelab_price_table', 'got 2'],
    ['an empty version', table([mini], { version: '' }), '$.version', 'expected a non-empty string, got ""'],
    ['an unknown top-level key', table([mini], { prices: [] }), '$.prices', 'got an unknown key'],
    ['no entries', table([]), '$.entries', 'expected a non-empty array of prices, got an array'],
    [
      'an entry that is not an object',
      table([3]),
      '$.entries[0]',
      'expected an object {model, inputUsdPerMTok, outputUsdPerMTok, …}, got 3',
    ],
    [
      'a missing model id',
      table([{ inputUsdPerMTok: 1, outputUsdPerMTok: 1 }]),
      '$.entries[0].model',
      'expected a non-empty model id, got nothing',
    ],
    [
      'a negative price',
      table([{ ...mini, inputUsdPerMTok: -1 }]),
      '$.entries[0].inputUsdPerMTok',
      'expected a finite number ≥ 0 (USD per million tokens), got -1',
    ],
    [
      'a price given as a string',
      table([{ ...mini, outputUsdPerMTok: '0.6' }]),
      '$.entries[0].outputUsdPerMTok',
      'got "0.6"',
    ],
    [
      'a missing output price',
      table([{ model: 'm', inputUsdPerMTok: 1 }]),
      '$.entries[0].outputUsdPerMTok',
      'got nothing',
    ],
    [
      'a non-finite cached price',
      table([{ ...mini, cachedInputUsdPerMTok: null }]),
      '$.entries[0].cachedInputUsdPerMTok',
      'got null',
    ],
    [
      'a misspelt price key',
      table([{ ...mini, inputUsdPerMtok: 2 }]),
      '$.entries[0].inputUsdPerMtok',
      'got an unknown key',
    ],
    [
      'a non-ISO date',
      table([{ ...mini, validFrom: '06/10/2025' }]),
      '$.entries[0].validFrom',
      'expected an ISO-8601 date like "2024-07-18", got "06/10/2025"',
    ],
    ['an impossible date', table([{ ...mini, validTo: '2025-13-45' }]), '$.entries[0].validTo', 'got "2025-13-45"'],
    [
      'a day the month does not have',
      table([{ ...mini, validFrom: '2025-02-30' }]),
      '$.entries[0].validFrom',
      'got "2025-02-30"',
    ],
    [
      'an empty period',
      table([{ ...mini, validFrom: '2025-01-01', validTo: '2025-01-01' }]),
      '$.entries[0].validTo',
      'expected a date after validFrom 2025-01-01',
    ],
    [
      'a duplicate model',
      table([mini, mini]),
      '$.entries[1]',
      'expected price periods of "gpt-4o-mini" not to overlap, got an overlap with $.entries[0]',
    ],
    [
      'overlapping periods',
      table([
        { ...mini, validTo: '2025-02-01' },
        { ...mini, validFrom: '2025-01-15' },
      ]),
      '$.entries[1]',
      'not to overlap',
    ],
    [
      'an alias to an unknown model',
      table([mini], { aliases: { x: 'nope' } }),
      '$.aliases["x"]',
      'expected the id of a model in entries, got "nope"',
    ],
    [
      'an alias shadowing an entry',
      table([mini, { ...mini, model: 'b' }], { aliases: { b: 'gpt-4o-mini' } }),
      '$.aliases["b"]',
      'which has an entry',
    ],
    [
      'aliases that are not an object',
      table([mini], { aliases: ['x'] }),
      '$.aliases',
      'expected an object {alias: model}, got an array',
    ],
  ])('refuses %s, naming the JSON path', (_what, json, path, detail) => {
    let err: unknown;
    try {
      parsePriceTable(json, 'prices.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TraceFormatError);
    const e = err as TraceFormatError;
    expect(e.column).toBe(path);
    expect(e.message).toContain(`prices.json (${path}): `);
    expect(e.message).toContain(detail);
  });

  it('reports every problem, not only the first', () => {
    const json = table([
      { model: '', inputUsdPerMTok: -1, outputUsdPerMTok: 1 },
      { ...mini, validFrom: 'soon' },
    ]);
    expect(() => parsePriceTable(json, 'p.json')).toThrow(/\(and 2 more problems\)/);
    try {
      parsePriceTable(json, 'p.json');
    } catch (e) {
      expect((e as TraceFormatError).problems).toEqual([
        'p.json ($.entries[0].model): expected a non-empty model id, got ""',
        'p.json ($.entries[0].inputUsdPerMTok): expected a finite number ≥ 0 (USD per million tokens), got -1',
        'p.json ($.entries[1].validFrom): expected an ISO-8601 date like "2024-07-18", got "soon"',
      ]);
    }
  });

  it('reads back what priceTableJson writes', async () => {
    const t = await readPriceTable(fixture('routelab.json'));
    expect(parsePriceTable(JSON.parse(JSON.stringify(priceTableJson(t))), 'again.json')).toEqual(t);
  });

  it('accepts adjacent periods (validTo is exclusive)', () => {
    const t = parsePriceTable(
      table([
        { ...mini, validTo: '2025-02-01' },
        { ...mini, validFrom: '2025-02-01', inputUsdPerMTok: 0.1 },
      ]),
      'p.json',
    );
    expect(resolvePrice(t, 'gpt-4o-mini', ms('2025-01-31T23:59:59Z'))?.inputUsdPerMTok).toBe(0.15);
    expect(resolvePrice(t, 'gpt-4o-mini', ms('2025-02-01T00:00:00Z'))?.inputUsdPerMTok).toBe(0.1);
  });
});

describe('resolvePrice', () => {
  const t = parsePriceTable(
    {
      routelab_price_table: 1,
      version: 'v',
      aliases: { mini: 'gpt-4o-mini', 'acme/fast': 'openai/o4' },
      entries: [
        mini,
        { model: 'openai/o4', inputUsdPerMTok: 1, outputUsdPerMTok: 4 },
        { model: 'o3', inputUsdPerMTok: 10, outputUsdPerMTok: 40, validTo: '2025-06-10' },
        { model: 'o3', inputUsdPerMTok: 2, outputUsdPerMTok: 8, validFrom: '2025-06-10' },
      ],
    },
    'p.json',
  ) as PriceTable;

  it.each([
    ['gpt-4o-mini', 'exact', 'gpt-4o-mini'],
    ['mini', 'alias', 'gpt-4o-mini'],
    ['openai/gpt-4o-mini', 'provider-prefix', 'gpt-4o-mini'],
    ['azure/mini', 'provider-prefix', 'gpt-4o-mini'],
    ['acme/fast', 'alias', 'openai/o4'],
    ['openai/o4', 'exact', 'openai/o4'],
  ])('finds %s by the %s rule', (query, rule, model) => {
    const m = matchPrice(t, query);
    expect(m?.rule).toBe(rule);
    expect(m?.model).toBe(model);
  });

  it.each([
    ['o4', 'a bare id never gains a provider prefix'],
    ['GPT-4o-mini', 'ids are case-sensitive'],
    ['x/openai/gpt-4o-mini', 'the prefix rule strips one segment only'],
    ['gpt-4o', 'no prefix or substring matching'],
    ['/gpt-4o-mini', 'an empty provider is not a prefix'],
  ])('does not find %s: %s', (query) => {
    expect(resolvePrice(t, query)).toBeUndefined();
  });

  it('picks the price valid at the timestamp, and the latest without one', () => {
    expect(resolvePrice(t, 'o3', ms('2025-01-01'))?.inputUsdPerMTok).toBe(10);
    expect(resolvePrice(t, 'o3', ms('2025-06-10'))?.inputUsdPerMTok).toBe(2);
    expect(resolvePrice(t, 'o3')?.inputUsdPerMTok).toBe(2);
    expect(resolvePrice(t, 'o3', NaN)?.inputUsdPerMTok).toBe(2);
    expect(resolvePrice(t, 'openai/o3', ms('2025-01-01'))?.inputUsdPerMTok).toBe(10);
  });

  it('finds nothing when the model had no price at that time', () => {
    const dated = parsePriceTable(table([{ ...mini, validFrom: '2024-07-18' }]), 'p.json');
    expect(resolvePrice(dated, 'gpt-4o-mini', ms('2024-07-17'))).toBeUndefined();
    expect(resolvePrice(dated, 'gpt-4o-mini', ms('2024-07-18'))?.inputUsdPerMTok).toBe(0.15);
  });
});

describe('readPriceTable', () => {
  it('detects the litellm and genai-prices formats', async () => {
    expect((await readPriceTable(fixture('litellm.json'))).version).toMatch(/^litellm/);
    expect((await readPriceTable(fixture('genai.json'))).version).toMatch(/^genai-prices/);
  });

  it.each([
    ['{"a": 1', /p\.json: expected JSON, got a syntax error/],
    ['{"models": []}', /p\.json: expected a routelab price table .* got none of these/],
    ['[1, 2]', /got none of these/],
  ])('refuses %s with a clear message', async (text, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-prices-'));
    await writeFile(join(dir, 'p.json'), text);
    await expect(readPriceTable(join(dir, 'p.json'))).rejects.toThrow(message);
    await expect(readPriceTable(join(dir, 'p.json'))).rejects.toBeInstanceOf(TraceFormatError);
  });

  it('names a missing file', async () => {
    await expect(readPriceTable('/nonexistent/p.json')).rejects.toThrow(/\/nonexistent\/p\.json: cannot read the file/);
  });
});
