import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readTraceWithEngine } from '../../../src/traces/engines/read-with-engine.ts';
import type { Trace } from '../../../src/traces/trace.ts';
import { tmpFiles } from '../../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

/** Trace fields on which two traces differ (node's deep equality: much faster than toEqual on 100k rows). */
function differences(a: Trace, b: Trace): string[] {
  return Object.keys(a).filter((k) => !isDeepStrictEqual(a[k as keyof Trace], b[k as keyof Trace]));
}

async function both(path: string | string[]): Promise<{ js: Trace; duck: Trace; engines: string[] }> {
  const js = await readTraceWithEngine(path, { engine: 'js' });
  const duck = await readTraceWithEngine(path, { engine: 'duckdb' });
  return { js: js.trace, duck: duck.trace, engines: duck.files.map((f) => f.engine) };
}

const DATASETS = readdirSync('datasets').filter((f) => f.endsWith('.csv.gz'));

describe('the DuckDB engine', () => {
  it.each(DATASETS)('reads bundled %s into the same Trace as the JS reader', async (name) => {
    const { js, duck } = await both(join('datasets', name));
    expect(differences(duck, js)).toEqual([]);
  });

  const H = 'request_id,model,timestamp,prompt,task,quality,input_tokens,cost_usd,latency_ms,status,attempt,tenant\n';
  const cases: { name: string; file: string; content: string; engine: 'duckdb' | 'js' }[] = [
    {
      name: 'every canonical kind of cell',
      file: 'cells.csv',
      content:
        H +
        'r1,a,2024-05-01T12:00:00.5Z,"say ""hi"", then",math,0.25,12,0.001,120.5,,,t1\n' +
        'r1,b,2024-05-01T12:00:00.5Z,,math,True,3,1e-3,,error,2,\n' +
        'r2,a,1714564800123,"two\nlines",,,,,,timeout,,t2\n' +
        'r2,a,2024-05-01T14:00:00+02:00,,,false,0,0,0,rate_limited,2,t2\n',
      engine: 'duckdb',
    },
    {
      name: 'a blank line between rows',
      file: 'blank.csv',
      content: `${H}r1,a,,,,1,,,,,,\n\nr2,a,,,,0,,,,,,\n`,
      engine: 'js',
    },
    {
      name: 'CRLF line ends',
      file: 'crlf.csv',
      content: `${H.replace('\n', '\r\n')}r1,a,,"x\r\ny",,1,,,,,,\r\nr2,a,,,,0,,,,,,\r\n`,
      engine: 'duckdb',
    },
    { name: 'a needlessly quoted field', file: 'quoted.csv', content: `${H}r1,"a",,,,1,,,,,,\n`, engine: 'js' },
    {
      name: 'no trailing newline',
      file: 'no-eol.tsv',
      content: 'request_id\tmodel\tquality\nr1\ta\t1\nr2\ta\t0.5',
      engine: 'duckdb',
    },
    { name: 'a gzipped file', file: 'gz.csv.gz', content: `${H}r1,a,,,,1,,,,,,\n`, engine: 'duckdb' },
    { name: 'JSON Lines', file: 'rows.jsonl', content: '{"request_id":"r1","model":"a","quality":1}\n', engine: 'js' },
  ];
  it.each(cases)('reads $name like the JS reader (engine: $engine)', async (c) => {
    const path = c.file.endsWith('.gz') ? files.writeGz(c.file, c.content) : files.write(c.file, c.content);
    const { js, duck, engines } = await both(path);
    expect(differences(duck, js)).toEqual([]);
    expect(engines).toEqual([c.engine]);
  });

  it('reads a Parquet file with typed columns like the JS reader', async () => {
    const path = files.writeParquet('typed.parquet', [
      { name: 'request_id', data: ['r1', 'r1', 'r2'] },
      { name: 'model', data: ['a', 'b', 'a'] },
      { name: 'timestamp', data: [new Date(1714564800123), new Date(1714564800123), null], type: 'TIMESTAMP' },
      { name: 'quality', data: [true, false, null], type: 'BOOLEAN' },
      { name: 'input_tokens', data: [1, 2, 3], type: 'INT32' },
      { name: 'cost_usd', data: [0.1, null, 0.3], type: 'DOUBLE' },
      { name: 'tenant', data: ['x', null, 'y'] },
    ]);
    const { js, duck, engines } = await both(path);
    expect(differences(duck, js)).toEqual([]);
    expect(engines).toEqual(['duckdb']);
  });

  it('reads several files, some by each engine, into one Trace', async () => {
    const a = files.write('part-a.csv', 'request_id,model,quality\nr1,a,1\nr2,a,0\n');
    const b = files.write('part-b.csv', 'request_id,model,quality\n\nr1,b,0.5\n');
    const { js, duck, engines } = await both([a, b]);
    expect(differences(duck, js)).toEqual([]);
    expect(engines).toEqual(['duckdb', 'js']);
  });
});
