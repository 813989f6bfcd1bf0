import fc from 'fast-check';
import type { RowInput } from '../../src/traces/builder.ts';

/**
 * Random full-information traces for fast-path = slow-path properties: a few requests × models with missing
 * cells, unknown or failed outcomes, tied qualities, costs and scores, sometimes a shuffled model order per
 * request (an irregular trace) and sometimes a retry (a second attempt of one cell). `full`: every cell, in one
 * model order (a regular trace); `scored`: every request has a numeric score.
 */
export const matrixRows = (
  options: { retries?: boolean; full?: boolean; scored?: boolean } = {},
): fc.Arbitrary<Partial<RowInput>[]> =>
  fc
    .record({
      models: fc.integer({ min: 1, max: 4 }),
      cells: fc.array(
        fc.record({
          present: options.full ? fc.constant(1) : fc.integer({ min: 0, max: 9 }),
          quality: fc.oneof(fc.constantFrom(NaN, 0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
          costUsd: fc.oneof(fc.constantFrom(NaN, 0.1, 0.2, 1e-7), fc.double({ min: 0, max: 3, noNaN: true })),
          latencyMs: fc.constantFrom(NaN, 10, 20, 35.5),
          failed: fc.integer({ min: 0, max: 6 }),
        }),
        { minLength: 4, maxLength: 4 * 30 },
      ),
      scores: fc.array(fc.constantFrom('0.1', '0.5', '0.5', '0.9', '-2', '1e3', ...(options.scored ? [] : [''])), {
        minLength: 30,
        maxLength: 30,
      }),
      shuffle: options.full ? fc.constant(false) : fc.boolean(),
      retryAt: options.retries ? fc.integer({ min: 0, max: 119 }) : fc.constant(-1),
    })
    .map(({ models, cells, scores, shuffle, retryAt }) => {
      const rows: Partial<RowInput>[] = [];
      const R = Math.floor(cells.length / models);
      for (let r = 0; r < R; r++) {
        const order = Array.from({ length: models }, (_, m) => m);
        if (shuffle && r % 2 === 1) order.reverse();
        for (const m of order) {
          const cell = cells[r * models + m]!;
          // About one cell in ten is missing (the model has no row for that request).
          if (cell.present === 0) continue;
          const row: Partial<RowInput> = {
            requestId: `q${r}`,
            model: `m${m}`,
            quality: cell.quality,
            costUsd: cell.costUsd,
            latencyMs: cell.latencyMs,
            status: cell.failed === 0 ? 'error' : 'ok',
            tags: { score: scores[r]! },
          };
          rows.push(row);
          if (rows.length - 1 === retryAt) rows.push({ ...row, attempt: 2, costUsd: 0.25, quality: 1 });
        }
      }
      return rows;
    });
