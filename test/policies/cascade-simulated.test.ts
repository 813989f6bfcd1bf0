import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { renderResults } from '../../src/cli/render-results.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { bestPolicyPerBudget, budgetTable } from '../../src/report/tables/budget-table.ts';
import { runsTable } from '../../src/report/tables/runs-table.ts';
import { tinyTrace } from '../replay/tiny-trace.ts';

const JUDGE = 'cascade:a>c?accept=judge&epsilon=0';
const SCORE = 'cascade:a>c?accept=score:conf&threshold=0.75';

async function resultsOf(specs: readonly string[]) {
  const trace = tinyTrace();
  const policies = await Promise.all(specs.map((s) => resolvePolicy(s, builtinRegistry())));
  const runs = await replay(trace, policies, { seed: 1 });
  return buildResults(trace, runs, { seed: 1, resamples: 50, path: 'tiny.csv', version: 'test' });
}

describe('cascade with a simulated judge', () => {
  it('refuses accept=judge without an error rate, saying why', async () => {
    for (const spec of ['cascade:a>c', 'cascade:a>c?accept=judge&threshold=0.5']) {
      const attempt = resolvePolicy(spec, builtinRegistry());
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(resolvePolicy(spec, builtinRegistry())).rejects.toThrow(
        'accept=judge simulates a judge from the recorded quality, so its error rate is required: add epsilon=',
      );
    }
  });

  it('labels the run as simulated with its error rate in the results and the CLI table', async () => {
    const results = await resultsOf(['always:c', JUDGE.replace('epsilon=0', 'epsilon=0.25'), SCORE]);
    const [, judge, score] = results.runs;
    expect(judge!.simulated).toEqual({ judgeErrorRate: 0.25 });
    // A real score column is a router one can deploy: no label.
    expect(score!.simulated).toBeUndefined();
    const text = renderResults(results);
    expect(text).toContain('cascade:a>c?accept=judge&epsilon=0.25&threshold=0.5 [simulated judge, ε=0.25]');
    expect(text).toContain('simulated judge: the cascade accepts by the recorded quality');
    expect(runsTable(results).rows[1]![0]).toBe(
      'cascade:a>c?accept=judge&epsilon=0.25&threshold=0.5 (simulated judge, error rate 0.25; not shippable)',
    );
  });

  it('is never recommended for shipping, while a score-column cascade is', async () => {
    // Judge cascade (ε = 0): r1 a wrong → c, r2 a right, r3 → c, r4 a right: quality 1 at $3/request, beating
    // always:c (0.75 at $4). The score cascade makes the same calls from conf (≥ 0.75 on r2 and r4).
    const judgeOnly = await resultsOf(['always:c', JUDGE]);
    expect(judgeOnly.runs[1]!.quality.mean).toBe(1);
    expect(bestPolicyPerBudget(judgeOnly).map((c) => c.policy)).not.toContain(judgeOnly.runs[1]!.policy);
    expect(budgetTable(judgeOnly).note).toContain(
      'Not considered, because a simulated judge reading the recorded outcomes accepts their answers: cascade:a>c?accept=judge&epsilon=0&threshold=0.5 (error rate 0)',
    );
    const withScore = await resultsOf(['always:c', SCORE]);
    expect(bestPolicyPerBudget(withScore).at(-1)!.policy).toBe(SCORE);
  });
});
