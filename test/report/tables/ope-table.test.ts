import { describe, expect, it } from 'vitest';
import type { OffPolicyEstimates } from '../../../src/metrics/types.ts';
import { opeTable } from '../../../src/report/tables/ope-table.ts';
import { replay } from '../fixtures.ts';

const estimates: OffPolicyEstimates = {
  ips: { quality: 1.2, ci95: [0.4, 2] },
  snips: { quality: 0.6, ci95: [0.2, 1] },
  dm: { quality: 0.7, ci95: [0.5, 0.9] },
  dr: { quality: 0.7, ci95: [-0.5, 1.8] },
  costUsd: { snips: 0.0032, dr: 0.0034 },
  ess: 25 / 9,
  maxWeight: 4,
  matchShare: 0.6,
  requests: 5,
};

describe('opeTable', () => {
  it('is absent for a full-information replay (no run carries estimates)', () => {
    expect(opeTable(replay())).toBeNull();
  });

  it('lists each estimated run with DR first, and names the runs it could not estimate', () => {
    const r = replay();
    const [first, second] = r.runs;
    const logged = {
      ...r,
      runs: [
        { ...first!, ope: estimates },
        { ...second!, ope: { unavailable: 'cascade decisions' } },
      ],
    };
    const t = opeTable(logged)!;
    // DR cost 0.0034 USD per request → $3.40 per 1,000; ESS 25/9 = 2.8.
    expect(t.rows).toEqual([
      [first!.policy, '70.0%', '-50.0%–180.0%', '60.0%', '120.0%', '70.0%', '$3.4', '2.8', '4.0', '60.0%'],
    ]);
    expect(t.note).toContain(`${second!.policy} (cascade decisions)`);
  });
});
