import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceFormatError } from '../../src/core/errors.ts';
import { RecordScanner } from '../../src/traces/log-json-records.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

const OR = (fields: string): string =>
  `{"id":"gen-1","model":"openai/gpt-4o-mini","created_at":"2025-06-02T09:15:02Z","provider_name":"OpenAI",` +
  `"total_cost":0.0001,"native_tokens_prompt":10,"native_tokens_completion":5${fields}}`;

describe('gateway logs with problems', () => {
  it.each([
    [
      'a negative billed token count',
      'or.jsonl',
      `${OR('')}\n${OR(',"native_tokens_completion":-5').replace('gen-1', 'gen-2')}\n`,
      'or.jsonl:2 (native_tokens_completion): expected a non-negative integer, got -5; ' +
        'fix or remove this generation record',
    ],
    [
      'a LiteLLM status that is neither success nor failure',
      'spend.json',
      '[{"request_id":"c1","model":"gpt-4o","spend":0,"startTime":"2025-06-02T09:15:02Z","status":"maybe"}]',
      'spend.json:1 (status): expected "success" or "failure", got "maybe"; fix or remove this SpendLogs row',
    ],
    [
      'an OTLP span time that is not an integer',
      'spans.jsonl',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"t1","startTimeUnixNano":"17e17","attributes":' +
        '[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},' +
        '{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}}]}]}]}]}\n',
      'spans.jsonl:1 (startTimeUnixNano): expected epoch nanoseconds as an integer or a string of digits, ' +
        'got "17e17"; fix or remove this ExportTraceServiceRequest',
    ],
    [
      'a JSON array cut short',
      'cut.json',
      `[\n${OR('')},\n${OR('').replace('gen-1', 'gen-2').slice(0, 50)}`,
      'cut.json:3: expected the JSON document to be complete, got the end of the file inside a value; ' +
        'the export was cut short',
    ],
    [
      'records that are no known gateway log',
      'other.json',
      '[{"foo":1,"bar":2}]',
      'other.json:1: expected a gateway log record (OpenRouter generation, LiteLLM SpendLogs row, ' +
        'OTLP ExportTraceServiceRequest or Langfuse observation), got an object with keys foo, bar; ' +
        'pass --format openrouter|litellm|otel|langfuse, or convert the file to the routelab columns',
    ],
    [
      'invalid JSON in one record',
      'bad.jsonl',
      `${OR('')}\n{"id": "gen-2", oops}\n`,
      'bad.jsonl:2: expected one JSON record, got invalid JSON (Expected double-quoted property name) ' +
        'near "{\\"id\\": \\"gen-2\\", oops}"',
    ],
  ])('%s is a file:line (column) error', async (_what, name, content, message) => {
    const path = files.write(name, content);
    const err = await readTrace(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as Error).message).toBe(`${path.slice(0, -name.length)}${message}`);
  });

  it('with --lenient a bad record is skipped and counted, the others kept', async () => {
    const path = files.write('lenient.jsonl', `${OR('')}\n${OR(',"latency":"slow"').replace('gen-1', 'gen-2')}\n`);
    const t = await readTrace(path, { lenient: true });
    expect(t.requestIds).toEqual(['gen-1']);
    expect(t.warnings.map((w) => [w.code, w.count])).toEqual([['skipped-row', 1]]);
  });

  it('--format names the log when the content alone does not (a .txt export)', async () => {
    const path = files.write('export.txt', `${OR('')}\n`);
    await expect(readTrace(path)).rejects.toThrow(/unknown extension/);
    const t = await readTrace(path, { format: 'openrouter' });
    expect(t.modelNames).toEqual(['openai/gpt-4o-mini']);
  });

  it('a canonical JSONL trace is still read as one (not mistaken for a log)', async () => {
    const path = files.write('t.jsonl', '{"request_id":"r1","model":"m","quality":1}\n');
    const t = await readTrace(path);
    expect([...t.quality]).toEqual([1]);
  });
});

describe('RecordScanner', () => {
  const doc = JSON.stringify({
    data: [{ a: '}{"[', b: [1, { c: '\\"' }] }, { d: 'line\nbreak' }, 7],
    meta: { data: [9] },
  });

  it('finds the same records wherever the input is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: doc.length }), { maxLength: 6 }), (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), doc.length];
        const out: unknown[] = [];
        const s = new RecordScanner((text) => out.push(JSON.parse(text)));
        for (let i = 1; i < points.length; i++) s.push(doc.slice(points[i - 1], points[i]));
        s.flush();
        expect(out).toEqual([{ a: '}{"[', b: [1, { c: '\\"' }] }, { d: 'line\nbreak' }, 7]);
      }),
    );
  });
});
