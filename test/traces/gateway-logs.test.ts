import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeTrace } from '../../src/traces/describe.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { STATUSES, type Trace } from '../../src/traces/trace.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/logs/${name}`, import.meta.url));

/** Per model: rows, billed tokens, error rows, recorded cost (rounded to 1e-10) and latency p50. */
function perModel(t: Trace): Record<string, [number, number, number, number, number | null, number | null]> {
  const d = describeTrace(t);
  return Object.fromEntries(
    d.models.map((m) => [
      m.model,
      [
        m.rows,
        m.inputTokensTotal,
        m.outputTokensTotal,
        m.errorRows,
        m.costRows ? Math.round(m.costUsdTotal * 1e10) / 1e10 : null,
        m.latencyMsP50,
      ],
    ]),
  );
}

function rows(t: Trace): string[] {
  return Array.from({ length: t.rowCount }, (_, i) => {
    const tag = (name: string): string => {
      const col = t.tags.find((g) => g.name === name);
      const c = col?.codes[i] ?? -1;
      return c < 0 ? '' : col!.values[c]!;
    };
    return [
      t.requestIds[t.rowRequest[i]!],
      t.modelNames[t.rowModel[i]!],
      `attempt ${t.attempt[i]}`,
      STATUSES[t.status[i]!],
      tag('provider'),
    ].join(' ');
  });
}

const warnings = (t: Trace): Record<string, number> => Object.fromEntries(t.warnings.map((w) => [w.code, w.count]));

describe('OpenRouter generation records', () => {
  it('reads bare and {"data": …}-wrapped JSON Lines records with billed (native) tokens, cost and status', async () => {
    const t = await readTrace(fixture('openrouter-generations.jsonl'));
    expect([t.requestCount, t.rowCount]).toEqual([5, 5]);
    // gpt-4o-mini: 412+97 in, 88+15 out, $0.0001146+$0.0000236, p50 of 910 and 610 ms.
    // claude: the failed call (finish_reason error, a 429 from the provider) has no token counts, $0.
    // llama: cancelled → error.
    expect(perModel(t)).toEqual({
      'openai/gpt-4o-mini': [2, 509, 103, 0, 0.0001382, 760],
      'anthropic/claude-3.5-sonnet': [2, 1290, 402, 1, 0.00987, 17111],
      'meta-llama/llama-3.1-70b-instruct': [1, 350, 12, 1, 0.0000434, 1500],
    });
    expect(rows(t)).toEqual([
      'gen-1749-a1 openai/gpt-4o-mini attempt 1 ok OpenAI',
      'gen-1749-a2 anthropic/claude-3.5-sonnet attempt 1 ok Anthropic',
      'gen-1749-a3 openai/gpt-4o-mini attempt 1 ok Azure',
      'gen-1749-a4 anthropic/claude-3.5-sonnet attempt 1 rate_limited Anthropic',
      'gen-1749-a5 meta-llama/llama-3.1-70b-instruct attempt 1 error DeepInfra',
    ]);
    expect([...t.cachedInputTokens]).toEqual([0, 1024, 0, NaN, NaN]);
    // "2025-06-02T09:16:40" has no zone: read as UTC and counted.
    expect(t.requestTimestampMs[2]).toBe(Date.UTC(2025, 5, 2, 9, 16, 40));
    expect(warnings(t)).toEqual({ 'timestamp-no-zone': 1 });
    expect(t.tags.map((g) => g.name)).toContain('generation_time');
  });

  it('reads a pretty-printed {"data": [...]} export, skipping the envelope\'s other keys', async () => {
    const t = await readTrace(fixture('openrouter-generations.json'));
    expect(perModel(t)).toEqual({
      'openai/gpt-4o-mini': [1, 412, 88, 0, 0.0001146, 910],
      'anthropic/claude-3.5-sonnet': [1, 0, 0, 1, 0, 30012],
    });
    expect([...t.rowLine]).toEqual([3, 18]);
  });
});

describe('LiteLLM SpendLogs', () => {
  const expected = {
    'gpt-4o-mini': [2, 509, 103, 0, 0.0001382, 760],
    'claude-3-5-sonnet-20241022': [1, 0, 0, 1, 0, 250],
    'gpt-4o': [1, 0, 0, 1, 0, 30000],
  };

  it('groups a fallback chain by litellm_trace_id: one request, the first model called is attempt 1', async () => {
    const t = await readTrace(fixture('litellm-spend-logs.json'));
    expect([t.requestCount, t.rowCount]).toEqual([3, 4]);
    expect(perModel(t)).toEqual(expected);
    expect(rows(t)).toEqual([
      'chatcmpl-7f1c2a04 gpt-4o attempt 1 timeout openai',
      'trace-1 gpt-4o-mini attempt 1 ok openai',
      'trace-2 claude-3-5-sonnet-20241022 attempt 1 rate_limited anthropic',
      'trace-2 gpt-4o-mini attempt 2 ok openai',
    ]);
    // completionStartTime − startTime; the failed calls have none.
    expect([...t.ttftMs]).toEqual([NaN, 390, NaN, 240]);
    expect(t.taskNames).toEqual(['billing', 'support']);
    // Three calls without a zone on start, end and first token, one without a first token: 3 + 2 + 3.
    expect(warnings(t)).toEqual({ 'timestamp-no-zone': 8 });
  });

  it('reads the CSV export of the table (JSON columns as text, Postgres timestamps) to the same numbers', async () => {
    const t = await readTrace(fixture('litellm-spend-logs.csv'));
    expect([t.requestCount, t.rowCount]).toEqual([3, 4]);
    expect(perModel(t)).toEqual(expected);
    expect(t.requestTimestampMs[t.requestIds.indexOf('chatcmpl-7f1c2a04')]).toBe(Date.UTC(2025, 5, 2, 9, 15, 20));
  });
});

describe('OpenTelemetry GenAI spans (OTLP/JSON)', () => {
  it('reads gen_ai spans with int64 strings, ignores and counts the other spans, orders a chain by start', async () => {
    const t = await readTrace(fixture('otel-genai-spans.jsonl'));
    expect([t.requestCount, t.rowCount]).toEqual([3, 4]);
    expect(perModel(t)).toEqual({
      'gpt-4o-2024-08-06': [1, 412, 88, 0, null, 910],
      'claude-3-5-sonnet-20241022': [1, 0, 0, 1, null, 250],
      'gpt-4o-mini-2024-07-18': [1, 97, 15, 0, null, 610],
      'gpt-4o': [1, 0, 0, 1, null, 30000],
    });
    // The claude span is on line 2 but started first: it is the chain's routing decision.
    expect(rows(t)).toEqual([
      '0af7651916cd43dd8448eb211c80319c claude-3-5-sonnet-20241022 attempt 1 rate_limited anthropic',
      '0af7651916cd43dd8448eb211c80319c gpt-4o-mini-2024-07-18 attempt 2 ok openai',
      '4bf92f3577b34da6a3ce929d0e0e4736 gpt-4o attempt 1 timeout openai',
      '5b8efff798038103d269b633813fc60c gpt-4o-2024-08-06 attempt 1 ok openai',
    ]);
    expect([...t.rowLine]).toEqual([2, 1, 2, 1]);
    expect(t.requestTimestampMs[t.requestIds.indexOf('5b8efff798038103d269b633813fc60c')]).toBe(1748855702113);
    expect(t.taskNames).toEqual(['billing', 'support']);
    expect(warnings(t)).toEqual({ 'ignored-span': 2 });
  });
});

describe('Langfuse observations', () => {
  it('reads GENERATION observations of a {"data": …, "meta": …} export; spans and events are counted', async () => {
    const t = await readTrace(fixture('langfuse-observations.json'));
    expect([t.requestCount, t.rowCount]).toEqual([2, 3]);
    expect(perModel(t)).toEqual({
      'gpt-4o-mini': [2, 509, 103, 0, 0.0001382, 760],
      'claude-3-5-sonnet-20241022': [1, 0, 0, 1, null, 250],
    });
    expect(rows(t)[1]).toBe('lf-trace-2 claude-3-5-sonnet-20241022 attempt 1 rate_limited ');
    expect(t.prompts[0]).toBe('Where is my order?');
    expect(warnings(t)).toEqual({ 'ignored-span': 2 });
  });
});
