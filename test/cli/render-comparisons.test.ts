import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { renderResults } from '../../src/cli/render-results.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { tinyTrace } from '../replay/tiny-trace.ts';

async function results() {
  const trace = tinyTrace();
  const policies = await Promise.all(['always:a', 'always:c'].map((s) => resolvePolicy(s, builtinRegistry())));
  const runs = await replay(trace, policies, { seed: 1 });
  return buildResults(trace, runs, {
    seed: 1,
    resamples: 200,
    path: 'tiny.csv',
    version: 'test',
    by: 'task',
    baseline: runs[1]!,
  });
}

describe('replay tables in the terminal', () => {
  it('prints the baseline comparison with its name, the quality difference with its CI and the cost difference', async () => {
    // always:a vs always:c: quality per request a − c = (0−1, 1−1, 0−1, 1−0) → mean −0.25; cost 1 − 4 = −3 each.
    const text = renderResults(await results());
    expect(text).toContain('vs baseline always:c (run − baseline, paired bootstrap 95% CI over requests)');
    const line = text.split('\n').find((l) => l.startsWith('always:a ') && l.includes('pp'))!;
    expect(line).toMatch(/^always:a\s+-25\.0pp\s+-\d+\.\dpp to [+-]\d+\.\dpp\s+-\$3\s+-\$3 to -\$3$/);
  });

  it('prints the per-slice table for --by', async () => {
    // always:a: math (r1, r3) quality 0, 0; chat (r2, r4) 1, 1; cost $1 per request everywhere.
    const text = renderResults(await results());
    expect(text).toContain('\nby task\n');
    const rows = text.split('\n').filter((l) => /^always:a\s+(math|chat)\s/.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/))).toEqual([
      ['always:a', 'chat', '2', '100.0%', '100.0%–100.0%', '$1'],
      ['always:a', 'math', '2', '0.0%', '0.0%–0.0%', '$1'],
    ]);
  });
});
