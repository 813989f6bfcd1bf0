import { describe, expect, it } from 'vitest';
import type { LoggedAdvice } from '../../../src/metrics/logged-advice.ts';
import type { ReplayResults } from '../../../src/metrics/types.ts';
import { buildDocument } from '../../../src/report/html/document.ts';
import { loggedBudgetTable, loggedHeadlines } from '../../../src/report/tables/logged-table.ts';

const advice: LoggedAdvice = {
  propensities: true,
  minEssShare: 0.05,
  asLogged: {
    requests: 1000,
    quality: 0.7,
    ci95: [0.67, 0.73],
    costUsdPerRequest: 0.002,
    errorRate: 0.04,
    fallbackShare: 0.06,
  },
  estimates: [
    {
      policy: 'cheapest',
      quality: 0.6,
      ci95: [0.55, 0.65],
      costUsdPerRequest: 0.0005,
      essShare: 0.3,
      reliable: true,
      reasons: [],
    },
    {
      policy: 'best-prior',
      quality: 0.8,
      ci95: [0.74, 0.86],
      costUsdPerRequest: 0.004,
      essShare: 0.25,
      reliable: true,
      reasons: [],
    },
    {
      policy: 'dear',
      quality: 0.65,
      ci95: [0.6, 0.7],
      costUsdPerRequest: 0.006,
      essShare: 0.3,
      reliable: true,
      reasons: [],
    },
    {
      policy: 'knn',
      quality: 1.35,
      ci95: [0.9, 1.8],
      costUsdPerRequest: 0.001,
      essShare: 0.01,
      reliable: false,
      reasons: ['ESS 10.0 is 1.0% of the requests', 'estimate 135.0% is outside [0%, 100%]'],
    },
  ],
  frontier: ['cheapest', 'best-prior'],
  onPolicyPartial: { cheapest: 0.7, 'best-prior': 0.75, knn: 0.9, dear: 0.7 },
  cannotAnswer: ['Which single model is best …'],
};

const results = {
  routelab: 't',
  seed: 0,
  trace: { path: 'log.jsonl', requests: 1000, models: ['a', 'b'], warnings: [], kind: 'log' },
  runs: [],
  references: {},
  frontier: [],
  logged: advice,
} as ReplayResults;

describe('the recommendation table of a production log', () => {
  it('ranks production as measured and the reliable DR estimates, never the flagged one', () => {
    const t = loggedBudgetTable(results, advice);
    // Frontier of (0.6, $0.5), (0.7, $2), (0.8, $4), (0.65, $6): dear is dominated, knn unreliable.
    expect(t.rows).toEqual([
      ['≤ $0.5', 'cheapest', '60.0%', '55.0%–65.0%', '$0.5', 'DR estimate'],
      ['≤ $2', 'as logged (production today)', '70.0%', '67.0%–73.0%', '$2', 'measured'],
      ['≤ $4', 'best-prior', '80.0%', '74.0%–86.0%', '$4', 'DR estimate'],
    ]);
    expect(t.note).toContain(
      'Unreliable, not ranked: knn (ESS 10.0 is 1.0% of the requests; estimate 135.0% is outside [0%, 100%]).',
    );
    expect(t.note).toContain('cheapest (70.0% unsupported)');
    expect(t.rows.flat().join(' ')).not.toContain('135');
  });

  it('opens with production as logged and the best reliable estimate, and lists what it cannot answer', () => {
    expect(loggedHeadlines(advice)).toEqual([
      'Production as logged: quality 70.0% at $2 per 1,000 requests; 4.0% of requests failed (error, timeout or ' +
        'rate limit), 6.0% needed more than one call.',
      'Best reliable estimate: best-prior — quality 80.0% (95% CI 74.0%–86.0%) at $4 per 1,000 requests (DR estimate).',
    ]);
    const doc = buildDocument({ results: [results] }, [], new Map());
    const titles = doc.sections[0]!.blocks.map((b) =>
      b.type === 'table' ? b.table.title : b.type === 'list' ? b.title : '',
    );
    expect(titles.slice(0, 3)).toEqual([
      'At a glance',
      'Which policy should I ship for my budget? (from the log)',
      'What this log cannot answer',
    ]);
  });
});
