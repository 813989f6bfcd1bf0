import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root, maxBuffer: 1 << 24 });

describe('routelab replay on the bundled gateway log', () => {
  it('answers from the log: no references, labelled partial runs, DR advice and estimated costs apart', async () => {
    const { stdout, stderr } = await cli([
      'replay',
      'datasets/gateway-log/otel-genai-spans.jsonl.gz',
      '--policy',
      'always:gpt-4-0314',
      '--policy',
      'cheapest',
      '--resamples',
      '200',
      '--json',
      '-',
    ]);
    const res = JSON.parse(stdout);
    expect(res.trace.kind).toBe('log');
    expect(res.references).toEqual({});
    expect(res.frontier).toEqual([]);
    expect(res.logged.estimates.map((e: { policy: string; reliable: boolean }) => [e.policy, e.reliable])).toEqual([
      ['always:gpt-4-0314', true],
      ['cheapest', true],
    ]);
    // Ratios between LLMDrift's models are bundled, so no cost rests on the "as long as logged" assumption.
    const [gpt4] = res.logged.counterfactual;
    expect(gpt4.assumptions.some((a: string) => a.includes('as long as the logged one'))).toBe(false);
    expect(gpt4.estimatedShare).toBeGreaterThan(0.8);
    expect(gpt4.ci95[0]).toBeLessThan(gpt4.costUsdPerRequest);
    expect(gpt4.ci95[1]).toBeGreaterThan(gpt4.costUsdPerRequest);
    expect(stderr).toContain('(on-policy, partial)');
    expect(stderr).toContain('what this log cannot answer');
  }, 60_000);
});
