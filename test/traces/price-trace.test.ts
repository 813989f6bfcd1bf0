import { describe, expect, it } from 'vitest';
import { parsePriceTable } from '../../src/traces/price-table.ts';
import { priceTrace } from '../../src/traces/price-trace.ts';
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';
import type { RowInput } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';

const table = parsePriceTable(
  {
    routelab_price_table: 1,
    version: 'test',
    entries: [
      { model: 'a', inputUsdPerMTok: 1, outputUsdPerMTok: 2, cachedInputUsdPerMTok: 0.5 },
      { model: 'b', inputUsdPerMTok: 10, outputUsdPerMTok: 20, reasoningUsdPerMTok: 40 },
    ],
  },
  'test.json',
);

function trace(rows: Partial<RowInput>[]): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('t.csv');
  rows.forEach((r, i) => b.add({ ...emptyRow(), ...r }, src, i + 2));
  return b.finish();
}

// r1/a: (800 plain input · $1 + 200 cached · $0.5 + 500 output · $2) / 1e6 = (800 + 100 + 1000) / 1e6 = $0.0019
// r1/b: recorded $0.5; repriced: (1000 · $10 + 400 · $20 + 100 reasoning · $40) / 1e6 = (10000 + 8000 + 4000) / 1e6 = $0.022
// r2/a: no input tokens → unknown cost; r2/mystery: not in the table → unknown cost
// r3/openai/a: prefix rule → a: (100 · $1 + 100 · $2) / 1e6 = $0.0003; r3/b: 50 cached of 10 input → inconsistent
const rows: Partial<RowInput>[] = [
  { requestId: 'r1', model: 'a', inputTokens: 1000, outputTokens: 500, cachedInputTokens: 200 },
  { requestId: 'r1', model: 'b', inputTokens: 1000, outputTokens: 500, reasoningTokens: 100, costUsd: 0.5 },
  { requestId: 'r2', model: 'a', outputTokens: 10 },
  { requestId: 'r2', model: 'mystery', inputTokens: 5, outputTokens: 5 },
  { requestId: 'r3', model: 'openai/a', inputTokens: 100, outputTokens: 100 },
  { requestId: 'r3', model: 'b', inputTokens: 10, outputTokens: 10, cachedInputTokens: 50 },
];

describe('priceTrace', () => {
  it('prices rows without a recorded cost and keeps recorded costs', () => {
    const input = trace(rows);
    const { trace: t, report } = priceTrace(input, table);
    expect([...t.costUsd]).toEqual([0.0019, 0.5, NaN, NaN, 0.0003, NaN]);
    expect([...t.costEstimated]).toEqual([1, 0, 0, 0, 1, 0]);
    expect(report).toEqual({ estimatedRows: 2, unknownModels: ['mystery'], unpricedRows: 3 });
  });

  it('never prices an unknown model at 0 and names it in a warning', () => {
    const { trace: t } = priceTrace(trace(rows), table);
    expect(t.costUsd[3]).toBeNaN();
    expect(t.warnings.map((w) => [w.code, w.count])).toEqual([
      ['cost-estimated', 2],
      ['unknown-model', 1],
      ['missing-tokens', 1],
      ['inconsistent-tokens', 1],
      ['price-prefix-match', 1],
    ]);
    expect(t.warnings.find((w) => w.code === 'unknown-model')?.message).toContain('"mystery"');
    expect(t.warnings.find((w) => w.code === 'price-prefix-match')?.message).toContain('openai/a → a');
  });

  it('reprices every row when asked, replacing recorded costs', () => {
    const { trace: t, report } = priceTrace(trace(rows), table, { reprice: true });
    expect(t.costUsd[1]).toBeCloseTo(0.022, 15);
    expect([...t.costEstimated]).toEqual([1, 1, 0, 0, 1, 0]);
    expect(report.estimatedRows).toBe(3);
  });

  it('returns a new trace and leaves the input untouched, sharing unchanged columns', () => {
    const input = trace(rows);
    const { trace: t } = priceTrace(input, table, { reprice: true });
    expect(input.costUsd[1]).toBe(0.5);
    expect(input.costEstimated.every((x) => x === 0)).toBe(true);
    expect(input.warnings).toEqual([]);
    expect(t.inputTokens).toBe(input.inputTokens);
    expect(t.costUsd).not.toBe(input.costUsd);
  });

  it('marks cost_usd present once something is priced', () => {
    const input = trace([{ requestId: 'r', model: 'a', inputTokens: 1, outputTokens: 1 }]);
    expect(input.present.has('cost_usd')).toBe(false);
    expect(priceTrace(input, table).trace.present.has('cost_usd')).toBe(true);
  });

  it('uses the price valid at the request timestamp, or at `atMs` when given', () => {
    const dated = parsePriceTable(
      {
        routelab_price_table: 1,
        version: 'dated',
        entries: [
          { model: 'o3', inputUsdPerMTok: 10, outputUsdPerMTok: 40, validFrom: '2025-01-01', validTo: '2025-06-10' },
          { model: 'o3', inputUsdPerMTok: 2, outputUsdPerMTok: 8, validFrom: '2025-06-10' },
        ],
      },
      'dated.json',
    );
    // 1M input + 1M output tokens: $50 before the cut, $10 after; 2024 has no price at all.
    const t = trace([
      { requestId: 'old', model: 'o3', timestampMs: Date.parse('2025-03-01'), inputTokens: 1e6, outputTokens: 1e6 },
      { requestId: 'new', model: 'o3', timestampMs: Date.parse('2025-07-01'), inputTokens: 1e6, outputTokens: 1e6 },
      { requestId: 'none', model: 'o3', inputTokens: 1e6, outputTokens: 1e6 },
      { requestId: 'early', model: 'o3', timestampMs: Date.parse('2024-03-01'), inputTokens: 1e6, outputTokens: 1e6 },
    ]);
    const byTime = priceTrace(t, dated).trace;
    // Requests in id order: early, new, none, old.
    expect([...byTime.costUsd]).toEqual([NaN, 10, 10, 50]);
    expect(byTime.warnings.find((w) => w.code === 'no-price-at-time')?.count).toBe(1);
    expect([...priceTrace(t, dated, { atMs: Date.parse('2025-02-01') }).trace.costUsd]).toEqual([50, 50, 50, 50]);
  });
});

describe('priceTrace re-pricing rows it cannot price', () => {
  it('keeps the recorded cost where tokens or a price are missing, counted in a warning', () => {
    // r1/a: tokens → re-priced (100 · $1 + 100 · $2) / 1e6 = $0.0003; r2/a: only output tokens → keeps $0.7;
    // r3/mystery: no price → keeps $0.9; r4/a: no tokens and no recorded cost → unknown, as before.
    const t = trace([
      { requestId: 'r1', model: 'a', costUsd: 0.5, inputTokens: 100, outputTokens: 100 },
      { requestId: 'r2', model: 'a', costUsd: 0.7, outputTokens: 100 },
      { requestId: 'r3', model: 'mystery', costUsd: 0.9, inputTokens: 1, outputTokens: 1 },
      { requestId: 'r4', model: 'a' },
    ]);
    const { trace: priced, report } = priceTrace(t, table, { reprice: true });
    expect([...priced.costUsd]).toEqual([0.0003, 0.7, 0.9, NaN]);
    expect([...priced.costEstimated]).toEqual([1, 0, 0, 0]);
    expect(priced.warnings.find((w) => w.code === 'recorded-cost-kept')?.count).toBe(2);
    expect(priced.warnings.find((w) => w.code === 'missing-tokens')?.count).toBe(1);
    expect(report.unknownModels).toEqual([]);
  });
});
