import { afterAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/traces/read-trace.ts';
import { STATUSES } from '../../src/traces/trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

describe('gateway-log variants a new user meets', () => {
  it('reads OpenRouter records as the TypeScript SDK returns them (camelCase)', async () => {
    const sdk = {
      data: {
        id: 'gen-1',
        createdAt: '2024-07-15T23:33:19.433273+00:00',
        model: 'sao10k/l3-stheno-8b',
        providerName: 'Infermatic',
        totalCost: 0.0015,
        latency: 1250,
        generationTime: 1200,
        finishReason: 'stop',
        cancelled: false,
        nativeTokensPrompt: 10,
        nativeTokensCompletion: 25,
        nativeTokensReasoning: 5,
        nativeTokensCached: 3,
      },
    };
    const t = await readTrace(files.write('sdk.json', JSON.stringify([sdk])));
    expect([t.requestIds[0], t.modelNames[0], t.inputTokens[0], t.outputTokens[0], t.costUsd[0]]).toEqual([
      'gen-1',
      'sao10k/l3-stheno-8b',
      10,
      25,
      0.0015,
    ]);
    expect(t.tags.find((g) => g.name === 'provider')?.values).toEqual(['Infermatic']);
  });

  it('reads OTLP from old collectors (instrumentationLibrarySpans) and pre-operation.name GenAI spans', async () => {
    const attr = (key: string, value: Record<string, unknown>) => ({ key, value });
    const span = {
      traceId: 't1',
      spanId: 's1',
      name: 'openai.chat',
      startTimeUnixNano: '1748855702113000000',
      endTimeUnixNano: '1748855703023000000',
      attributes: [
        attr('gen_ai.system', { stringValue: 'openai' }),
        attr('gen_ai.request.model', { stringValue: 'gpt-4o' }),
        attr('gen_ai.usage.prompt_tokens', { intValue: 412 }),
        attr('gen_ai.usage.completion_tokens', { intValue: '88' }),
        attr('llm.request.type', { stringValue: 'chat' }),
      ],
      status: { code: 'STATUS_CODE_ERROR', message: 'Request timed out.' },
    };
    const other = { ...span, spanId: 's2', name: 'db', attributes: [attr('db.system', { stringValue: 'redis' })] };
    const line = { resourceSpans: [{ instrumentationLibrarySpans: [{ spans: [span, other] }] }] };
    const t = await readTrace(files.write('old.jsonl', `${JSON.stringify(line)}\n`));
    expect([t.rowCount, t.modelNames[0], t.inputTokens[0], t.outputTokens[0], t.latencyMs[0]]).toEqual([
      1,
      'gpt-4o',
      412,
      88,
      910,
    ]);
    expect(STATUSES[t.status[0]!]).toBe('timeout');
    expect(t.warnings.map((w) => [w.code, w.count])).toEqual([['ignored-span', 1]]);
  });
});
