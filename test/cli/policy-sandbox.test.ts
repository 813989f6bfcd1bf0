import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

/** Runs the CLI in `cwd`; resolves with the exit code and both streams (never rejects on rc ≠ 0). */
function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'bin/routelab.js'), ...args],
      { cwd, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('routelab replay with a misbehaving policy file', () => {
  it('stops an endless loop at --policy-timeout and still writes the other runs, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routelab-sandbox-cli-'));
    writeFileSync(join(dir, 't.csv'), 'request_id,model,quality,cost_usd\nr1,a,1,1\nr1,b,0,2\nr2,a,0,1\nr2,b,1,2\n');
    writeFileSync(
      join(dir, 'spin.ts'),
      "export default { name: 'spin', decide: (r: { id: string }) => { if (r.id === 'r2') for (;;) {} " +
        "return { type: 'model', model: 'b' }; } };\n",
    );
    const { code, stderr } = await cli(
      ['replay', 't.csv', '--policy', './spin.ts', '--policy', 'always:a', '--policy-timeout', '2', '--json', 'o.json'],
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      'routelab: policy spin, request r2: the run took longer than the time budget of 2 s (--policy-timeout)',
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    const out = JSON.parse(readFileSync(join(dir, 'o.json'), 'utf8'));
    expect(out.runs.map((r: { policy: string; error?: string }) => [r.policy, r.error === undefined])).toEqual([
      ['spin', false],
      ['always:a', true],
    ]);
    expect(out.runs[1].quality.mean).toBe(0.5);
  });
});
