import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'routelab-reprice-'));
// Recorded costs and output tokens, but no input tokens: nothing can be re-priced.
writeFileSync(
  join(dir, 'traces.csv'),
  'request_id,model,quality,cost_usd,output_tokens\nr1,gpt-4o-mini,1,0.002,10\nr1,o3,1,0.05,10\n' +
    'r2,gpt-4o-mini,0,0.004,20\nr2,o3,1,0.07,20\n',
);
const prices = join(root, 'test/fixtures/prices/routelab.json');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: dir }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

describe('the README re-pricing example on a trace with recorded costs but no input tokens', () => {
  it('replays `--prices today.json --policy cheapest` on the recorded costs, with a warning', async () => {
    const r = await cli(['replay', 'traces.csv', '--prices', prices, '--policy', 'cheapest', '--json', '-']);
    expect(r.stderr).not.toContain('no model has a price');
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout).runs[0];
    // cheapest by recorded mean cost: gpt-4o-mini ($0.003) → $0.002 + $0.004.
    expect(run.costUsd.total).toBeCloseTo(0.006, 12);
    expect(JSON.parse(r.stdout).trace.warnings.map((w: { code: string }) => w.code)).toContain('recorded-cost-kept');
  });

  it('validate reports token presence per column', async () => {
    const r = await cli(['validate', 'traces.csv']);
    expect(r.stdout).toContain('input tokens no, output tokens yes');
  });
});
