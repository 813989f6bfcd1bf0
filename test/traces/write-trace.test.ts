import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';
import type { RowInput } from '../../src/traces/builder.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { formatTraceCsv, writeTrace } from '../../src/traces/write-trace.ts';

function trace(rows: Partial<RowInput>[]): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('t.csv');
  rows.forEach((r, i) => b.add({ ...emptyRow(), ...r }, src, i + 2));
  return b.finish();
}

const rows: Partial<RowInput>[] = [
  {
    requestId: 'r1',
    model: 'a',
    prompt: 'say "hi",\nthen stop',
    task: 'chat',
    timestampMs: Date.UTC(2024, 4, 1, 12),
    quality: 1,
    inputTokens: 12,
    costUsd: 0.1 + 0.2,
    tags: { tenant: 'acme' },
  },
  { requestId: 'r2', model: 'b', quality: 0.5, latencyMs: 1234.5, tags: { tenant: '' } },
  { requestId: 'r1', model: 'b', quality: 0, inputTokens: 12, costUsd: 3e-7, tags: { tenant: 'acme' } },
];

describe('writeTrace', () => {
  it('writes present canonical columns, request-level values on every row, quoting where needed', () => {
    // Rows come out grouped by request (r1's two rows, then r2); 0.1 + 0.2 keeps its shortest round-trip form.
    expect(formatTraceCsv(trace(rows))).toBe(
      [
        'request_id,model,timestamp,prompt,task,quality,input_tokens,cost_usd,latency_ms,tenant',
        'r1,a,2024-05-01T12:00:00.000Z,"say ""hi"",\nthen stop",chat,1,12,0.30000000000000004,,acme',
        'r1,b,2024-05-01T12:00:00.000Z,"say ""hi"",\nthen stop",chat,0,12,3e-7,,acme',
        'r2,b,,,,0.5,,,1234.5,',
        '',
      ].join('\n'),
    );
  });

  it('adds the tokens_estimated flag column only when some row has it', () => {
    const t = trace(rows);
    expect(formatTraceCsv(t).split('\n')[0]).not.toContain('tokens_estimated');
    t.tokensEstimated.fill(1);
    expect(formatTraceCsv(t).split('\n')[0]).toBe(
      'request_id,model,timestamp,prompt,task,quality,input_tokens,cost_usd,latency_ms,tokens_estimated,tenant',
    );
  });

  it('round-trips through readTrace, gzipped, with the same values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-write-'));
    const original = trace(rows);
    original.tokensEstimated.fill(1);
    await writeTrace(original, join(dir, 't.csv.gz'));
    const back = await readTrace(join(dir, 't.csv.gz'));
    expect(back.requestIds).toEqual(original.requestIds);
    expect(back.prompts).toEqual(original.prompts);
    expect([...back.costUsd]).toEqual([...original.costUsd]);
    expect([...back.requestTimestampMs]).toEqual([...original.requestTimestampMs]);
    expect([...back.tokensEstimated]).toEqual([1, 1, 1]);
    expect(back.tags.map((t) => t.name)).toEqual(['tenant']);
  });

  it('writes byte-identical gzip files for equal traces (no mtime in the header)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-write-'));
    await writeTrace(trace(rows), join(dir, 'a.csv.gz'));
    await writeTrace(trace(rows), join(dir, 'b.csv.gz'));
    const a = await readFile(join(dir, 'a.csv.gz'));
    expect(a.equals(await readFile(join(dir, 'b.csv.gz')))).toBe(true);
    expect(a.readUInt32LE(4)).toBe(0);
  });
});
