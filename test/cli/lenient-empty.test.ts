import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'routelab-empty-'));
writeFileSync(join(dir, 'bad.csv'), 'request_id,model,quality\nr1,a,5\nr2,a,7\n');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: dir }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

describe('--lenient when every row is skipped', () => {
  it('validate says no rows are left, not "0.0% (full information)"', async () => {
    const r = await cli(['validate', 'bad.csv', '--lenient']);
    expect(r.stdout).toContain('matrix completeness – (no rows left: every row was skipped; see the warnings)');
    expect(r.stdout).not.toContain('full information');
  });

  it('replay blames the skipped rows, not a split that was not given', async () => {
    const r = await cli(['replay', 'bad.csv', '--lenient', '--policy', 'always:a']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^routelab: bad\.csv: expected rows to replay, got none: --lenient skipped all 2 \(/);
    expect(r.stderr).not.toContain('split');
  });
});
