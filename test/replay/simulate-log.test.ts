import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { buildResults } from '../../src/metrics/results.ts';
import type { OffPolicyEstimates } from '../../src/metrics/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { simulateLog } from '../../src/replay/simulate-log.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';

function matrix(requests: number) {
  const b = new TraceBuilder();
  const src = b.addSource('m.csv');
  const row = emptyRow();
  for (let r = 0; r < requests; r++) {
    for (const [model, q] of [
      ['a', 1],
      ['b', 0],
      ['c', r % 2],
    ] as const) {
      Object.assign(row, { requestId: `q${r}`, model, quality: q });
      b.add(row, src, r + 2);
    }
  }
  return b.finish();
}

describe('simulateLog', () => {
  it('keeps one row per request with the propensity of the model drawn', () => {
    const log = simulateLog(matrix(4000), { a: 0.5, b: 0.3, c: 0.2 }, 1);
    expect(log.rowCount).toBe(4000);
    expect(log.present.has('propensity')).toBe(true);
    const counts = [0, 0, 0];
    for (let i = 0; i < log.rowCount; i++) {
      counts[log.rowModel[i]!]!++;
      expect(log.propensity[i]).toBe([0.5, 0.3, 0.2][log.rowModel[i]!]);
    }
    // Frequencies within 4 standard errors of the weights (σ ≤ √(0.25/4000) ≈ 0.0079).
    counts.forEach((c, m) => expect(Math.abs(c / 4000 - [0.5, 0.3, 0.2][m]!)).toBeLessThan(0.032));
  });

  it('never draws a model of weight 0, and refuses a request that only has such models', () => {
    const log = simulateLog(matrix(200), { a: 1, b: 0, c: 1 }, 2);
    for (let i = 0; i < log.rowCount; i++) expect(log.rowModel[i]).not.toBe(1);
    expect(() => simulateLog(matrix(3), { b: 1 }, 2)).not.toThrow();
    expect(() => simulateLog(matrix(3), { z: 1 }, 2)).toThrow(/weight/);
  });

  it('lets off-policy estimates on a log of LLMDrift recover what the full matrix says', async () => {
    const full = await readTrace(join(new URL('../../datasets/', import.meta.url).pathname, 'llmdrift.csv.gz'));
    const log = simulateLog(
      full,
      { 'gpt-3.5-turbo-0301': 1, 'gpt-3.5-turbo-0613': 1, 'gpt-4-0314': 1, 'gpt-4-0613': 1 },
      0,
    );
    const policy = await resolvePolicy('always:gpt-4-0314', builtinRegistry());
    const truth = buildResults(full, await replay(full, [policy], { seed: 0 }), {
      seed: 0,
      resamples: 200,
      path: 'full',
      version: 'test',
    }).runs[0]!;
    const est = buildResults(log, await replay(log, [policy], { seed: 0 }), {
      seed: 0,
      resamples: 200,
      path: 'log',
      version: 'test',
    }).runs[0]!;
    const ope = est.ope as OffPolicyEstimates;
    // Truth: 0.828 (1,284 of 1,550). The log holds gpt-4-0314 for about a quarter of the requests.
    expect(truth.quality.mean).toBeCloseTo(0.828, 3);
    expect(ope.dr.ci95![0]).toBeLessThanOrEqual(truth.quality.mean!);
    expect(ope.dr.ci95![1]).toBeGreaterThanOrEqual(truth.quality.mean!);
    expect(Math.abs(ope.snips.quality! - truth.quality.mean!)).toBeLessThan(0.05);
    expect(ope.matchShare).toBeGreaterThan(0.2);
    expect(ope.matchShare).toBeLessThan(0.3);
  });
});
