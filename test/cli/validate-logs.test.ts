import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, [join(root, 'bin/routelab.js'), ...args], { cwd: root });

describe('routelab validate on a gateway log', () => {
  it('recognises a LiteLLM .json export (not a price table) and reports per-model tokens and error rows', async () => {
    const { stdout } = await cli(['validate', 'test/fixtures/logs/litellm-spend-logs.json', '--json', '-']);
    const d = JSON.parse(stdout);
    expect([d.requests, d.rows]).toEqual([3, 4]);
    const pick = (m: Record<string, unknown>) => [
      m.model,
      m.rows,
      m.inputTokensTotal,
      m.outputTokensTotal,
      m.errorRows,
      m.costUsdTotal,
      m.latencyMsP50,
    ];
    expect(d.models.map(pick)).toEqual([
      ['claude-3-5-sonnet-20241022', 1, 0, 0, 1, 0, 250],
      ['gpt-4o', 1, 0, 0, 1, 0, 30000],
      ['gpt-4o-mini', 2, 509, 103, 0, 0.0001382, 760],
    ]);
  });

  it('takes --format otel and refuses an unknown format as a usage error', async () => {
    const { stdout } = await cli([
      'validate',
      'test/fixtures/logs/otel-genai-spans.jsonl',
      '--format',
      'otel',
      '--json',
      '-',
    ]);
    expect(JSON.parse(stdout).rows).toBe(4);
    const err = await cli(['validate', 'test/fixtures/logs/otel-genai-spans.jsonl', '--format', 'zipkin']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toMatch(
      /--format: expected one of .*openrouter, litellm, otel, langfuse/,
    );
  });
});
