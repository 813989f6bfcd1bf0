import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { sqlReplay } from '../../src/metrics/sql-replay.ts';
import { summarize } from '../../src/metrics/summarize.ts';
import type { RunResult } from '../../src/metrics/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { sqlPrices } from '../../src/replay/sql-catalog.ts';
import { type SqlPolicy, sqlPolicy } from '../../src/replay/sql-policy.ts';
import type { PriceTable } from '../../src/traces/price-types.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

const HEADER = 'request_id,model,quality,cost_usd,latency_ms,status,input_tokens,output_tokens\n';
let fileCount = 0;
const csv = (body: string, header = HEADER): string => files.write(`t${fileCount++}.csv`, header + body);

/** Both engines' results of one spec (the CI left out: bootstrap vs normal limit). */
async function both(
  path: string,
  spec: string,
  options: { train?: string; prices?: PriceTable; seed?: number } = {},
): Promise<[RunResult, RunResult]> {
  const seed = options.seed ?? 5;
  const trace = await readTrace(path);
  const train = options.train ? await readTrace(options.train) : undefined;
  const policy = await resolvePolicy(spec, builtinRegistry());
  const [run] = await replay(trace, [policy], {
    seed,
    ...(train ? { train } : {}),
    ...(options.prices ? { prices: options.prices } : {}),
  });
  const js = summarize(trace, run!, { seed, resamples: 10 });
  const prices = options.prices ? sqlPrices(options.prices, trace.modelNames) : [];
  const sql = sqlPolicy(spec, policy.name, seed, 'duckdb', { train: train !== undefined, prices }) as SqlPolicy;
  return [js, await sqlReplay(sql, path, trace.modelNames, options.train)];
}

const fields = (r: RunResult) => [
  r.policy,
  r.requests,
  r.quality.mean,
  r.quality.unknown,
  r.modelShare,
  r.unsupported,
  r.errors,
  // Sums agree to the last bits (DuckDB's compensated sum vs an exact sum), not always in them.
  Number(r.costUsd.total.toPrecision(12)),
  r.costUsd.unknown,
  r.error,
];

const table = (rows: Record<string, number>): PriceTable => ({
  version: 'test',
  entries: Object.entries(rows).map(([model, usd]) => ({ model, inputUsdPerMTok: usd, outputUsdPerMTok: 2 * usd })),
});

// Models m2, m010, m10: trace order is m2 < m010 < m10 (numbers as numbers, "m010" before "m10" as text),
// while plain text order would be m010 < m10 < m2 — the tie-breaks below tell the two apart.
describe('cheapest and best-prior as SQL agree with the default engine', () => {
  it.each([
    // m2 and m10 tie at a mean cost of 0.25 (m2: 0.125 and 0.375), m010 costs 0.5: m2 is first in trace order.
    [
      'a cost tie goes to the earlier model',
      'r1,m10,1,0.25,5,,10,1\nr1,m2,0,0.125,5,,10,1\nr1,m010,1,0.5,5,,10,1\n' +
        'r2,m10,0,0.25,5,,10,1\nr2,m2,1,0.375,5,,10,1\nr2,m010,1,0.5,5,,10,1\n',
      'm2',
    ],
    // m2 has no recorded cost: unknown is never cheapest; m10 (0.25) beats m010 (0.5).
    ['an unknown cost is skipped', 'r1,m2,1,,5,,10,1\nr1,m10,0,0.25,5,,10,1\nr1,m010,1,0.5,5,,10,1\n', 'm10'],
    // r2 has no row for m10: the decision is unsupported there.
    ['a missing cell is unsupported', 'r1,m2,1,0.5,5,,10,1\nr1,m10,0,0.25,5,,10,1\nr2,m2,1,0.5,5,,10,1\n', 'm10'],
  ])('cheapest: %s', async (_, body, model) => {
    const [js, sql] = await both(csv(body), 'cheapest');
    expect(Object.keys(js.modelShare)).toEqual([model]);
    expect(fields(sql)).toEqual(fields(js));
  });

  it('cheapest fails its run, as its init does, when no model has a cost', async () => {
    const [js, sql] = await both(csv('r1,m2,1,,5,,,\nr1,m10,0,,5,,,\n'), 'cheapest');
    expect(js.error?.phase).toBe('init');
    expect(fields(sql)).toEqual(fields(js));
  });

  it('cheapest prices mean tokens with the table, else falls back to the mean recorded cost', async () => {
    // m2: 10 in + 1 out at 1 $/MTok in, 2 $/MTok out = 12e-6 $; m10 unpriced, recorded 0.25; m010 priced at 100.
    const path = csv('r1,m2,1,0.9,5,,10,1\nr1,m10,0,0.25,5,,10,1\nr1,m010,1,0.0001,5,,10,1\n');
    const [js, sql] = await both(path, 'cheapest', { prices: table({ m2: 1, m010: 100 }) });
    expect(Object.keys(js.modelShare)).toEqual(['m2']);
    expect(fields(sql)).toEqual(fields(js));
  });

  it.each([
    // Tied best quality 1 for m2 (cost unknown, first) and m10 (cheaper): the first tied model keeps its place.
    [
      'the first tied model with an unknown cost stays',
      'r1,m2,1,,5,,1,1\nr1,m10,1,0.25,5,,1,1\nr1,m010,0,0.1,5,,1,1\n',
      'm2',
    ],
    // All tied at 1: m2 costs 0.5; m010 and m10 both 0.25: the earlier of the cheapest.
    [
      'a lower known cost wins, the earlier on ties',
      'r1,m2,1,0.5,5,,1,1\nr1,m10,1,0.25,5,,1,1\n' + 'r1,m010,1,0.25,5,,1,1\n',
      'm010',
    ],
    // m10 has no quality in training: never best; m2 (0.5) vs m010 (0.75).
    ['an unknown quality is skipped', 'r1,m2,0.5,1,5,,1,1\nr1,m10,,0.25,5,,1,1\nr1,m010,0.75,1,5,,1,1\n', 'm010'],
  ])('best-prior: %s', async (_, trainBody, model) => {
    const trace = csv('q1,m2,0,1,5,,1,1\nq1,m10,1,1,5,,1,1\nq1,m010,0.5,1,5,,1,1\nq2,m2,1,1,5,,1,1\n');
    const [js, sql] = await both(trace, 'best-prior', { train: csv(trainBody) });
    expect(Object.keys(js.modelShare)).toEqual(model === 'm2' ? ['m2'] : [model]);
    expect(fields(sql)).toEqual(fields(js));
  });

  it('best-prior fails its run when the training trace knows no quality', async () => {
    const [js, sql] = await both(csv('q1,m2,1,1,5,,1,1\n'), 'best-prior', { train: csv('r1,m2,,1,5,,1,1\n') });
    expect(js.error?.phase).toBe('init');
    expect(fields(sql)).toEqual(fields(js));
  });

  it.each(['datasets/llmdrift.csv.gz', 'datasets/pricing-reversal.csv.gz'])('on bundled %s', async (path) => {
    for (const spec of ['cheapest', 'best-prior']) {
      const [js, sql] = await both(path, spec, { train: path });
      expect(fields(sql)).toEqual(fields(js));
    }
  });
});

// Generated traces over ids whose trace order differs from text order, with ties (few distinct values, all
// exact in binary so sums do not depend on their order), missing cells, unknown qualities, costs and tokens.
const MODELS = ['m2', 'm010', 'm10', 'b', 'a1'];
const cell = fc.record({
  quality: fc.constantFrom('', '0', '0.5', '1'),
  cost: fc.constantFrom('', '0.125', '0.25', '0.5'),
  tokens: fc.constantFrom('', '0', '2', '4'),
  present: fc.boolean(),
});
const traceArb = fc.array(fc.array(cell, { minLength: MODELS.length, maxLength: MODELS.length }), {
  minLength: 1,
  maxLength: 5,
});

function traceCsv(rows: { quality: string; cost: string; tokens: string; present: boolean }[][]): string {
  const lines: string[] = [];
  rows.forEach((cells, r) =>
    cells.forEach((c, m) => {
      if (c.present || m === r % MODELS.length)
        lines.push(`r${r},${MODELS[m]},${c.quality},${c.cost},7,,${c.tokens},1,${(r % 4) / 4}`);
    }),
  );
  return `${lines.join('\n')}\n`;
}

const SCORED = `${HEADER.trimEnd()},score\n`;

describe('on generated traces', () => {
  it('cheapest, best-prior, always, threshold and weighted decide as the default engine does', async () => {
    await fc.assert(
      fc.asyncProperty(
        traceArb,
        traceArb,
        fc.subarray(MODELS),
        fc.integer({ min: 0, max: 3 }),
        async (rows, trainRows, priced, seed) => {
          const path = csv(traceCsv(rows), SCORED);
          const train = csv(traceCsv(trainRows), SCORED);
          const prices = table(Object.fromEntries(priced.map((m, k) => [m, k % 2 === 0 ? 1 : 0.5])));
          const trace = await readTrace(path);
          const [m0] = trace.modelNames;
          const specs: [string, { train?: string; prices?: PriceTable; seed?: number }][] = [
            ['cheapest', {}],
            ['cheapest', { train, prices }],
            ['best-prior', { train }],
            [`always:${m0}`, {}],
            [`threshold:score?strong=${m0}&weak=${trace.modelNames.at(-1)}&threshold=${seed / 4}`, {}],
            // Zero weights included; the first model always has some.
            [`weighted:${trace.modelNames.map((m, k) => `${m}=${k === 0 ? 1 : k % 3}`).join(',')}`, { seed }],
          ];
          for (const [spec, options] of specs) {
            const [js, sql] = await both(path, spec, options);
            expect(fields(sql)).toEqual(fields(js));
          }
        },
      ),
      { numRuns: 30, seed: 13 },
    );
  }, 120_000);
});
