import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelCosts } from '../../src/learn/model-costs.ts';
import { expectedCost } from '../../src/policy/expected-cost.ts';
import { modelMeans } from '../../src/policy/model-means.ts';
import { buildCatalog } from '../../src/replay/catalog.ts';
import { meansByModel } from '../../src/traces/model-means.ts';
import { runSpec } from '../policies/run-spec.ts';
import { traceOf } from '../replay/tiny-trace.ts';

const MODELS = ['a', 'b', 'c'];
/** A random full matrix: each cell's cost / tokens present or absent, quality in {0, 1}. */
const traceArb = fc
  .array(
    fc.tuple(
      fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
      fc.integer({ min: 0, max: 1 }),
    ),
    { minLength: 3, maxLength: 30 },
  )
  .map((cells) =>
    traceOf(
      cells.map(([cost, tokens, quality], i) => ({
        requestId: `r${Math.floor(i / 3)}`,
        model: MODELS[i % 3]!,
        quality,
        ...(cost === undefined ? {} : { costUsd: cost / 1000 }),
        ...(tokens === undefined ? {} : { inputTokens: tokens, outputTokens: tokens * 2 }),
      })),
    ),
  );
const pricesArb = fc.subarray(MODELS).map((priced) => ({
  version: 't',
  entries: priced.map((model, i) => ({ model, inputUsdPerMTok: i + 1, outputUsdPerMTok: 2 * (i + 1) })),
}));

describe('expected cost: one rule for every caller', () => {
  it('the learned router’s ĉ is the catalog’s expected cost, and cheapest picks its argmin', async () => {
    await fc.assert(
      fc.asyncProperty(traceArb, pricesArb, async (trace, prices) => {
        const catalog = buildCatalog(trace, undefined, prices);
        const costs = catalog.map((c) => expectedCost(c));
        const codes = trace.modelNames.map((_, i) => i);
        const all = Uint32Array.from({ length: trace.requestCount }, (_, r) => r);
        if (costs.some((c) => c.source === 'unknown')) {
          expect(() => modelCosts(trace, all, codes, prices)).toThrow('expected recorded costs');
        } else {
          expect(modelCosts(trace, all, codes, prices).costUsd).toEqual(costs.map((c) => c.costUsd));
        }
        const finite = costs.map((c, i) => [c.costUsd, i] as const).filter(([c]) => Number.isFinite(c));
        if (finite.length === 0) return;
        const cheapest = finite.reduce((b, x) => (x[0] < b[0] ? x : b));
        const run = await runSpec('cheapest', trace, { prices });
        expect(run.models[0]).toBe(trace.modelNames[cheapest[1]]);
      }),
      { numRuns: 60 },
    );
  });

  it('prefers the price table over recorded costs, recorded costs over input-only pricing', () => {
    const base = { model: 'm', meanCostUsd: 0.5, meanOutputTokens: 100, meanInputTokens: 1000 };
    const price = { model: 'm', inputUsdPerMTok: 1, outputUsdPerMTok: 10 };
    // (1000·1 + 100·10) / 1e6 = 0.002
    expect(expectedCost({ ...base, price })).toEqual({ costUsd: 0.002, source: 'price-table' });
    expect(expectedCost({ ...base, price: undefined })).toEqual({ costUsd: 0.5, source: 'recorded' });
    expect(expectedCost({ ...base, price, meanOutputTokens: NaN, meanCostUsd: NaN })).toEqual({
      costUsd: 0.001,
      source: 'price-table-input-only',
    });
    expect(expectedCost({ ...base, price: undefined, meanCostUsd: NaN }).source).toBe('unknown');
  });
});

describe('per-model means: one module', () => {
  it('the catalog, the policies’ priors and meansByModel agree', () => {
    fc.assert(
      fc.property(traceArb, (trace) => {
        const catalog = buildCatalog(trace, undefined, undefined);
        const [cost, quality] = meansByModel(trace, [trace.costUsd, trace.quality]);
        const priors = modelMeans(trace, catalog);
        expect([...catalog.map((c) => c.meanCostUsd)]).toEqual([...cost!]);
        expect([...priors.costUsd]).toEqual([...cost!]);
        expect([...priors.quality]).toEqual([...quality!]);
      }),
      { numRuns: 60 },
    );
  });
});
