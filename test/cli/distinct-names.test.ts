import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/policy/types.ts';
import { distinctNames } from '../../src/cli/distinct-names.ts';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

describe('runs with the same name', () => {
  it('are told apart in the results, and the CLI says which one was renamed', async () => {
    // The same user policy file given twice: both runs call themselves "prefer-b".
    const policy = './test/fixtures/policies/prefer-b.ts';
    const args = ['replay', 'test/fixtures/traces/logged.csv', '--policy', policy, '--policy', policy];
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/routelab.js'), ...args, '--json', '-'], {
      cwd: root,
    });
    expect(JSON.parse(stdout).runs.map((r: { policy: string }) => r.policy)).toEqual(['prefer-b', 'prefer-b #2']);
    expect(stderr).toContain('routelab: two runs are named "prefer-b"; the later one is reported as "prefer-b #2"');
  });

  it('keeps a renamed policy working on its own state', () => {
    class Counter implements Policy {
      readonly name = 'counter';
      calls = 0;
      decide() {
        this.calls++;
        return { type: 'model', model: String(this.calls) } as const;
      }
    }
    const { policies, renamed } = distinctNames<Policy>([new Counter(), new Counter(), new Counter()]);
    expect(policies.map((p) => p.name)).toEqual(['counter', 'counter #2', 'counter #3']);
    expect(renamed).toEqual([
      { from: 'counter', to: 'counter #2' },
      { from: 'counter', to: 'counter #3' },
    ]);
    const view = {} as never;
    policies[1]!.decide(view, view);
    expect(policies[1]!.decide(view, view)).toEqual({ type: 'model', model: '2' });
  });
});
