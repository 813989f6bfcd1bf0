import { describe, expect, it } from 'vitest';
import { TraceFormatError } from '../../src/core/errors.ts';
import { importGenaiPrices } from '../../src/traces/import-genai-prices.ts';
import { importLitellm, toPerMTok } from '../../src/traces/import-litellm.ts';
import { matchPrice, readPriceTable, resolvePrice } from '../../src/traces/price-table.ts';
import { describeWithRawData, RAW } from '../shared-data.ts';

const fixture = (name: string): string => new URL(`../fixtures/prices/${name}`, import.meta.url).pathname;
const LITELLM = `${RAW}/tokencost/tokencost/model_prices.json`;
const GENAI = `${RAW}/genai-prices/prices/data.json`;

describe('importLitellm', () => {
  it('converts per-token costs to USD per million tokens and keeps only text models', async () => {
    const t = await readPriceTable(fixture('litellm.json'));
    // sample_spec, the embedding, the audio model, the mode-less fireworks bucket and the chat model
    // without prices are skipped: 4 of 9 keys remain.
    expect(t.entries.map((e) => e.model)).toEqual([
      'gpt-4o-mini',
      'openai/gpt-4o-mini',
      'gemini-2.5-flash',
      'davinci-002',
    ]);
    expect(t.entries[0]).toEqual({
      model: 'gpt-4o-mini',
      inputUsdPerMTok: 0.15,
      outputUsdPerMTok: 0.6,
      cachedInputUsdPerMTok: 0.075,
    });
    expect(t.entries[2]).toEqual({
      model: 'gemini-2.5-flash',
      inputUsdPerMTok: 0.3,
      outputUsdPerMTok: 2.5,
      reasoningUsdPerMTok: 2.5,
    });
  });

  it('rounds away binary noise in the unit conversion', () => {
    expect(4e-7 * 1e6).not.toBe(0.4);
    expect(toPerMTok(4e-7)).toBe(0.4);
    expect(toPerMTok(3e-5)).toBe(30);
  });

  it.each([
    [
      { m: { mode: 'chat', input_cost_per_token: '1e-6', output_cost_per_token: 1e-6 } },
      '$["m"].input_cost_per_token',
      'got "1e-6"',
    ],
    [
      { m: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: -1 } },
      '$["m"].output_cost_per_token',
      'got -1',
    ],
    [
      {
        m: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 1e-6, cache_read_input_token_cost: null },
      },
      '$["m"].cache_read_input_token_cost',
      'got null',
    ],
  ])('refuses a malformed cost with its JSON path (%#)', (json, path, detail) => {
    expect(() => importLitellm(json, 'l.json')).toThrow(TraceFormatError);
    expect(() => importLitellm(json, 'l.json')).toThrow(
      `l.json (${path}): expected a finite cost per token ≥ 0, ${detail}`,
    );
  });
});

describe('importGenaiPrices', () => {
  it('prefixes ids with the provider and aliases bare ids only when one provider lists them', async () => {
    const t = await readPriceTable(fixture('genai.json'));
    expect([...new Set(t.entries.map((e) => e.model))]).toEqual([
      'openai/gpt-4o-mini',
      'openai/o3',
      'azure/gpt-4o-mini',
      'google/gemini-1.5-flash',
      'deepseek/deepseek-chat',
    ]);
    // gpt-4o-mini is listed by openai and azure: ambiguous, so no bare alias.
    expect(t.aliases).toEqual({
      'deepseek-chat': 'deepseek/deepseek-chat',
      'gemini-1.5-flash': 'google/gemini-1.5-flash',
      o3: 'openai/o3',
    });
    expect(resolvePrice(t, 'gpt-4o-mini')).toBeUndefined();
    expect(resolvePrice(t, 'azure/gpt-4o-mini')?.inputUsdPerMTok).toBe(0.165);
  });

  it('turns start_date constraints into validity periods', async () => {
    const t = await readPriceTable(fixture('genai.json'));
    expect(t.entries.filter((e) => e.model === 'openai/o3')).toEqual([
      {
        model: 'openai/o3',
        inputUsdPerMTok: 10,
        outputUsdPerMTok: 40,
        cachedInputUsdPerMTok: 0.5,
        validTo: '2025-06-10',
      },
      {
        model: 'openai/o3',
        inputUsdPerMTok: 2,
        outputUsdPerMTok: 8,
        cachedInputUsdPerMTok: 0.5,
        validFrom: '2025-06-10',
      },
    ]);
    expect(resolvePrice(t, 'o3', Date.parse('2025-03-01'))?.outputUsdPerMTok).toBe(40);
  });

  it('takes the base of token-count tiers and the unconstrained price over time-of-day prices', async () => {
    const t = await readPriceTable(fixture('genai.json'));
    expect(resolvePrice(t, 'gemini-1.5-flash')).toEqual({
      model: 'google/gemini-1.5-flash',
      inputUsdPerMTok: 0.075,
      outputUsdPerMTok: 0.3,
      cachedInputUsdPerMTok: 0.01875,
    });
    expect(resolvePrice(t, 'deepseek-chat')?.inputUsdPerMTok).toBe(0.135);
  });

  it('refuses a malformed price with its JSON path', () => {
    const json = [{ id: 'p', models: [{ id: 'm', prices: { input_mtok: 'cheap', output_mtok: 1 } }] }];
    expect(() => importGenaiPrices(json, 'g.json')).toThrow(
      'g.json ($[0].models[0].prices.input_mtok): expected a price ≥ 0 in USD per million tokens, got "cheap"',
    );
  });
});

describeWithRawData('the real upstream price files', () => {
  it('litellm (tokencost mirror) prices gpt-4o-mini at $0.15 / $0.60 per MTok, cached input $0.075', async () => {
    const t = await readPriceTable(LITELLM);
    expect(t.entries).toHaveLength(1342);
    for (const id of ['gpt-4o-mini', 'openai/gpt-4o-mini']) {
      expect(resolvePrice(t, id)).toMatchObject({
        inputUsdPerMTok: 0.15,
        outputUsdPerMTok: 0.6,
        cachedInputUsdPerMTok: 0.075,
      });
    }
    expect(resolvePrice(t, 'gpt-4-1106-preview')).toMatchObject({ inputUsdPerMTok: 10, outputUsdPerMTok: 30 });
    expect(resolvePrice(t, 'text-embedding-3-small')).toBeUndefined();
  });

  it('genai-prices prices openai/gpt-4o-mini the same and dates the o3 price cut', async () => {
    const t = await readPriceTable(GENAI);
    expect(matchPrice(t, 'openai/gpt-4o-mini')?.entry).toMatchObject({
      inputUsdPerMTok: 0.15,
      outputUsdPerMTok: 0.6,
      cachedInputUsdPerMTok: 0.075,
    });
    expect(resolvePrice(t, 'openai/o3', Date.parse('2025-01-01'))?.inputUsdPerMTok).toBe(10);
    expect(resolvePrice(t, 'openai/o3', Date.parse('2025-07-01'))?.inputUsdPerMTok).toBe(2);
  });
});
