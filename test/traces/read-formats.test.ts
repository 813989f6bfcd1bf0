import { afterAll, describe, expect, it } from 'vitest';
import { TraceFormatError } from '../../src/core/errors.ts';
import { readTrace } from '../../src/traces/read-trace.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

// BOM, CRLF line ends, a quoted comma, a quoted CRLF inside a prompt with doubled quotes, a blank line,
// empty cells, an extra `team` column (a tag) and a tokens_estimated flag.
const GOOD =
  '\uFEFFrequest_id,model,timestamp,prompt,quality,input_tokens,output_tokens,cost_usd,latency_ms,status,team,tokens_estimated\r\n' +
  'r1,gpt-4o,2024-05-01T12:00:00Z,"Hello, world",1,10,20,0.0015,1234.5,ok,search,0\r\n' + // line 2
  'r1,gpt-4o-mini,2024-05-01T12:00:00Z,"Hello, world",0.25,10,5,,800,error,,1\r\n' + // line 3
  'r2,gpt-4o,1714566000000,"line one\r\nline two, with ""quotes""",0,7,,0.0001,,timeout,ads,\r\n' + // lines 4–5
  '\r\n' + // line 6, blank
  'r2,gpt-4o-mini,,,,,,,,,,\r\n'; // line 7

/** Every per-row column of a trace as plain arrays, for exact comparison. */
function columns(t: Trace): Record<string, unknown> {
  return {
    requestIds: t.requestIds,
    modelNames: t.modelNames,
    prompts: t.prompts,
    rowRequest: [...t.rowRequest],
    rowModel: [...t.rowModel],
    quality: [...t.quality],
    inputTokens: [...t.inputTokens],
    outputTokens: [...t.outputTokens],
    costUsd: [...t.costUsd],
    latencyMs: [...t.latencyMs],
    status: [...t.status],
    tokensEstimated: [...t.tokensEstimated],
    requestTimestampMs: [...t.requestTimestampMs],
    tags: t.tags.map((g) => ({ name: g.name, values: g.values, codes: [...g.codes] })),
  };
}

describe('readTrace on well-formed files', () => {
  it('reads a CSV with BOM, CRLF, quoted commas and quoted newlines exactly', async () => {
    const t = await readTrace(files.write('good.csv', GOOD));
    expect(t.rowCount).toBe(4);
    expect(t.requestCount).toBe(2);
    expect(columns(t)).toEqual({
      requestIds: ['r1', 'r2'],
      modelNames: ['gpt-4o', 'gpt-4o-mini'],
      prompts: ['Hello, world', 'line one\r\nline two, with "quotes"'],
      rowRequest: [0, 0, 1, 1],
      rowModel: [0, 1, 0, 1],
      quality: [1, 0.25, 0, NaN],
      inputTokens: [10, 10, 7, NaN],
      outputTokens: [20, 5, NaN, NaN],
      costUsd: [0.0015, NaN, 0.0001, NaN],
      latencyMs: [1234.5, 800, NaN, NaN],
      status: [0, 1, 2, 0], // ok, error, timeout, empty = ok
      tokensEstimated: [0, 1, 0, 0],
      // 2024-05-01T12:00:00Z = 1714564800000; r2 is given in epoch ms.
      requestTimestampMs: [1714564800000, 1714566000000],
      tags: [{ name: 'team', values: ['search', 'ads'], codes: [0, -1, 1, -1] }],
    });
    expect([...t.rowLine]).toEqual([2, 3, 4, 7]);
    expect([...t.present].sort()).toEqual([
      'cost_usd',
      'input_tokens',
      'latency_ms',
      'model',
      'output_tokens',
      'prompt',
      'quality',
      'request_id',
      'status',
      'timestamp',
    ]);
    expect(t.warnings).toEqual([]);
  });

  it('reports the physical line of a bad row that follows a multi-line record', async () => {
    const path = files.write('good-then-bad.csv', `${GOOD}r3,gpt-4o,,,2,,,,,,,\r\n`);
    await expect(readTrace(path)).rejects.toThrow(`${path}:8 (quality): expected a number in [0,1]`);
  });

  it('keeps line numbers exact across read chunks in a large file with many multi-line records', async () => {
    // 40,000 rows, every 7th prompt spanning two lines (CRLF inside quotes): about 2.4 MB, several 1 MB chunks.
    let text = 'request_id,model,prompt,quality\r\n';
    let line = 2;
    const lineOf: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      lineOf.push(line);
      const multi = i % 7 === 3;
      text += `r${i},m,"${'x'.repeat(40)}${multi ? '\r\nsecond line, quoted' : ''}",1\r\n`;
      line += multi ? 2 : 1;
    }
    const path = files.write('large.csv', `${text}bad,m,p,2\r\n`);
    await expect(readTrace(path)).rejects.toThrow(`${path}:${line} (quality)`);
    const t = await readTrace(files.write('large-good.csv', text));
    expect([...t.rowLine]).toEqual(lineOf);
  });

  it('reads a gzipped file to the same table as the plain file, detecting gzip by its bytes', async () => {
    const plain = await readTrace(files.write('plain.csv', GOOD));
    const gz = await readTrace(files.writeGz('packed.csv.gz', GOOD));
    const misnamed = await readTrace(files.writeGz('misnamed.csv', GOOD));
    expect(columns(gz)).toEqual(columns(plain));
    expect(columns(misnamed)).toEqual(columns(plain));
    expect([...gz.rowLine]).toEqual([2, 3, 4, 7]);
  });

  it('turns a truncated gzip file into a TraceFormatError', async () => {
    const whole = files.writeGz('whole.csv.gz', GOOD.repeat(50));
    const { readFileSync } = await import('node:fs');
    const cut = files.write('cut.csv.gz', readFileSync(whole).subarray(0, 60));
    await expect(readTrace(cut)).rejects.toThrow(TraceFormatError);
  });

  it('lists every problem up to maxProblems, the first one as the message', async () => {
    const path = files.write('many.csv', 'request_id,model,quality\nr1,a,2\nr2,a,3\nr3,a,4\nr4,a,0.5\n');
    const err = (await readTrace(path, { maxProblems: 2 }).catch((e: unknown) => e)) as TraceFormatError;
    expect(err.problems).toEqual([
      `${path}:2 (quality): expected a number in [0,1] or true/false, got "2"; normalise scores to [0,1] (e.g. divide a 1–10 judge score by 10)`,
      `${path}:3 (quality): expected a number in [0,1] or true/false, got "3"; normalise scores to [0,1] (e.g. divide a 1–10 judge score by 10)`,
    ]);
    expect(err.message).toBe(`${err.problems[0]} (and 2 more problems)`);
  });

  it('skips bad rows in lenient mode and counts each one as a warning', async () => {
    const path = files.write(
      'lenient.csv',
      'request_id,model,quality,cost_usd\nr1,a,1,0.1\nr2,a,2,-1\nr3,a,,0.2\nr4,a,x,0\n',
    );
    const t = await readTrace(path, { lenient: true });
    // r2 (two bad cells, one row) and r4 are skipped; r3's empty quality is absent, not an error.
    expect(t.requestIds).toEqual(['r1', 'r3']);
    expect([...t.quality]).toEqual([1, NaN]);
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]!.code).toBe('skipped-row');
    expect(t.warnings[0]!.count).toBe(2);
    expect(t.warnings[0]!.message).toContain(`${path}:3 (quality)`);
  });

  it('still fails in lenient mode when a file has no usable header', async () => {
    const path = files.write('lenient-header.csv', 'id,quality\nr1,1\n');
    await expect(readTrace(path, { lenient: true })).rejects.toThrow(`${path}:1 (request_id)`);
  });

  it('drops the stray carriage return of CRLF rows in an LF file and counts the repair', async () => {
    const t = await readTrace(files.write('mixed.csv', 'request_id,model,team\nr1,a,x\r\nr2,a,y\n'));
    expect(t.tags[0]!.values).toEqual(['x', 'y']);
    expect(t.warnings.map((w) => [w.code, w.count])).toEqual([['mixed-line-endings', 1]]);
  });

  it('reads TSV with quotes inside fields as text', async () => {
    const t = await readTrace(files.write('t.tsv', 'request_id\tmodel\tprompt\nr1\ta\tsay "hi", ok\n'));
    expect(t.prompts).toEqual(['say "hi", ok']);
  });

  it('reads JSONL with keys that vary by line, blank lines and a CRLF ending', async () => {
    const path = files.write(
      't.jsonl',
      '{"request_id":"1","model":"a","quality":true,"cost_usd":0.5,"team":"x"}\r\n\r\n' +
        '{"request_id":7,"model":"b","latency_ms":12,"timestamp":"2024-05-01T12:00:00+02:00"}\n',
    );
    const t = await readTrace(path);
    expect(t.requestIds).toEqual(['1', '7']);
    expect([...t.quality]).toEqual([1, NaN]);
    expect([...t.costUsd]).toEqual([0.5, NaN]);
    expect([...t.latencyMs]).toEqual([NaN, 12]);
    // 12:00 at +02:00 is 10:00 UTC.
    expect([...t.requestTimestampMs]).toEqual([NaN, Date.UTC(2024, 4, 1, 10)]);
    expect(t.tags.map((g) => [g.name, [...g.codes]])).toEqual([['team', [0, -1]]]);
    expect([...t.rowLine]).toEqual([1, 3]);
  });

  it('reads Parquet with integer, boolean, timestamp and null cells', async () => {
    const path = files.writeParquet('t.parquet', [
      { name: 'request_id', data: ['r1', 'r1', 'r2'] },
      { name: 'model', data: ['a', 'b', 'a'] },
      { name: 'quality', data: [true, false, null], type: 'BOOLEAN' },
      { name: 'output_tokens', data: [5n, 6n, null], type: 'INT64' },
      { name: 'timestamp', data: [new Date(1714564800000), new Date(1714564800000), null], type: 'TIMESTAMP' },
      { name: 'team', data: ['x', null, 'y'] },
    ]);
    const t = await readTrace(path);
    expect(t.requestIds).toEqual(['r1', 'r2']);
    expect([...t.quality]).toEqual([1, 0, NaN]);
    expect([...t.outputTokens]).toEqual([5, 6, NaN]);
    expect([...t.requestTimestampMs]).toEqual([1714564800000, NaN]);
    expect(t.tags.map((g) => [g.name, g.values, [...g.codes]])).toEqual([['team', ['x', 'y'], [0, -1, 1]]]);
    expect([...t.rowLine]).toEqual([1, 2, 3]);
  });

  it('reads several files of different formats into one trace', async () => {
    const a = files.write('part-a.csv', 'request_id,model,quality\nr1,a,1\n');
    const b = files.write('part-b.jsonl', '{"request_id":"r1","model":"b","quality":0}\n');
    const t = await readTrace([a, b]);
    expect(t.sources).toEqual([a, b]);
    expect(t.requestIds).toEqual(['r1']);
    expect([...t.rowSource]).toEqual([0, 1]);
  });

  it('reports progress in file bytes up to the total', async () => {
    const path = files.write('progress.csv', GOOD);
    const seen: [number, number][] = [];
    await readTrace(path, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([Buffer.byteLength(GOOD), Buffer.byteLength(GOOD)]);
  });

  it('refuses a file whose extension names no format', async () => {
    const path = files.write('trace.txt', 'request_id,model\nr1,a\n');
    await expect(readTrace(path)).rejects.toThrow('pass --format');
    const t = await readTrace(path, { format: 'csv' });
    expect(t.rowCount).toBe(1);
  });
});
