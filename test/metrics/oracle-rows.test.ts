import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oracleFromRows } from '../../src/metrics/oracle-rows.ts';
import { oracleDecisions, oracleFromOutcomes } from '../../src/metrics/references.ts';
import { traceOf } from '../replay/tiny-trace.ts';
import { matrixRows } from './random-matrix.ts';

describe('oracleFromRows', () => {
  it.each([
    ['irregular traces with gaps', false],
    ['regular traces', true],
  ])('decides as the general oracle on %s (ties, unknowns, failures)', (_, full) => {
    fc.assert(
      fc.property(matrixRows({ full }), (rows) => {
        const trace = traceOf(rows);
        expect(oracleFromRows(trace)).toEqual(oracleFromOutcomes(trace));
      }),
      { numRuns: 300 },
    );
  });

  it('breaks ties by cost, then latency (unknown last), then model order', () => {
    // q1: a and b tie on quality 1 and cost 2; b is faster. q2: a's cost is unknown, so the known 5 of b wins.
    // q3: a and b tie on everything; a comes first. q4: nothing known: unsupported.
    const trace = traceOf([
      { requestId: 'q1', model: 'a', quality: 1, costUsd: 2, latencyMs: 30 },
      { requestId: 'q1', model: 'b', quality: 1, costUsd: 2, latencyMs: 10 },
      { requestId: 'q2', model: 'a', quality: 1, latencyMs: 1 },
      { requestId: 'q2', model: 'b', quality: 1, costUsd: 5, latencyMs: 9 },
      { requestId: 'q3', model: 'b', quality: 0.5, costUsd: 1, latencyMs: 1 },
      { requestId: 'q3', model: 'a', quality: 0.5, costUsd: 1, latencyMs: 1 },
      { requestId: 'q4', model: 'a' },
    ]);
    const run = oracleFromRows(trace)!;
    expect(Array.from(run.chosen)).toEqual([1, 1, 0, -1]);
    expect(Array.from(run.costUsd)).toEqual([2, 5, 1, NaN]);
    expect(run.unsupported).toBe(1);
  });

  it('leaves retries to the general path, which oracleDecisions then takes', () => {
    const trace = traceOf([
      { requestId: 'q1', model: 'a', quality: 0, costUsd: 1 },
      { requestId: 'q1', model: 'a', quality: 1, costUsd: 2, attempt: 2 },
    ]);
    expect(oracleFromRows(trace)).toBeUndefined();
    // The final attempt's quality, both attempts paid.
    expect(Array.from(oracleDecisions(trace).costUsd)).toEqual([3]);
  });
});
