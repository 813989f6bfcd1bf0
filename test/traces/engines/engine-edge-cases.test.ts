import { isDeepStrictEqual } from 'node:util';
import { ResourceLimitError } from '../../../src/core/errors.ts';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../../src/traces/read-trace.ts';
import { readTraceWithEngine } from '../../../src/traces/engines/read-with-engine.ts';
import type { Trace } from '../../../src/traces/trace.ts';
import { tmpFiles } from '../../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

function differences(a: Trace, b: Trace): string[] {
  return Object.keys(a).filter((k) => !isDeepStrictEqual(a[k as keyof Trace], b[k as keyof Trace]));
}

async function both(path: string, options: ReadOptions = {}): Promise<{ js: Trace; duck: Trace; engines: string[] }> {
  const js = await readTraceWithEngine(path, { ...options, engine: 'js' });
  const duck = await readTraceWithEngine(path, { ...options, engine: 'duckdb' });
  return { js: js.trace, duck: duck.trace, engines: duck.files.map((f) => f.engine) };
}

const H =
  'request_id,model,timestamp,prompt,task,quality,input_tokens,cost_usd,latency_ms,status,attempt,propensity,tenant\n';

/**
 * `requests` requests × `models` models, rows interleaved (request r's rows are not adjacent) and ids out
 * of their natural order, so codes, grouping and the request-level rules all have work to do.
 */
function bigCsv(requests: number, models: number, longIds: boolean): string {
  const lines: string[] = [];
  for (let m = 0; m < models; m++) {
    for (let k = 0; k < requests; k++) {
      const r = (k * 7919) % requests;
      const id = longIds ? `request-with-a-long-id-${r}` : `q${r}`;
      const model = longIds ? `provider/model-with-a-long-name-${m}` : `m_${m}`;
      const q = ((r * 31 + m * 17) % 101) / 100;
      const prompt = r % 5 === 0 ? '' : `prompt ${r % 97} ünïcödé ${'x'.repeat(r % 40)}`;
      const task = r % 3 === 0 ? '' : `task-${r % 4}`;
      const status = ['', 'ok', 'error', 'timeout', 'rate_limited'][(r + m) % 5];
      const ts = r % 7 === 0 ? '' : `2024-05-01T12:${String(r % 60).padStart(2, '0')}:00Z`;
      const tenant = r % 11 === 0 ? '' : `tenant-${r % 13}`;
      lines.push(
        `${id},${model},${ts},${prompt},${task},${q},${(r + m) % 500},${((m + 1) * 1e-5).toFixed(6)},` +
          `${(r * 13 + m) % 9000}.${r % 10},${status},,${m % 3 === 0 ? '' : (0.1 * ((m % 9) + 1)).toFixed(2)},${tenant}\n`,
      );
    }
  }
  return H + lines.join('');
}

const cases: { name: string; file: string; content: string; engine: 'duckdb' | 'js' }[] = [
  {
    name: 'empty cells and NULLs in every optional column',
    file: 'empties.csv',
    content: `${H}r1,a,,,,,,,,,,,\nr1,b,,,,,,,,,,,\nr2,a,,,,,,,,,,,x\n`,
    engine: 'duckdb',
  },
  {
    // Quotes no value needs: DuckDB reads "" as NULL, but the file is left to the JS reader (quoting check).
    name: 'quoted empty cells',
    file: 'quoted-empties.csv',
    content: `${H}r1,a,,,,,,,,,,,\nr1,b,,"",,"","",,"",,,,""\nr2,a,,,,,,,,,,,x\n`,
    engine: 'js',
  },
  {
    name: 'quoted commas, quotes and line breaks in prompts',
    file: 'quoted.csv',
    content:
      `${H}r1,a,,"one, two",t,1,,,,,,,\n` +
      `r2,a,,"say ""hi""",t,0,,,,,,,\nr3,a,,"line one\nline two, three",,0.5,,,,,,,\n`,
    engine: 'duckdb',
  },
  {
    name: 'unicode ids, models, tasks and prompts',
    file: 'unicode.csv',
    content: `${H}réq-1,modèle-é,,日本語の質問 🙂,tâche,1,,,,,,,ß\nréq-1,b,,,,0,,,,,,,ß\nr2,modèle-é,,,,1,,,,,,,\n`,
    engine: 'duckdb',
  },
  {
    name: 'underscores in ids and models with plain numbers',
    file: 'underscores.csv',
    content: `${H}req_1,gpt_4,,,,0.5,1000,0.001,12,,,,\nreq_2,gpt_4,,,,1,2000,0.002,13,,,,\n`,
    engine: 'duckdb',
  },
  {
    name: 'signs, exponents and leading zeros in numbers',
    file: 'numbers.csv',
    content: `${H}r1,a,,,,+0.5,007,1e-3,.5,,,,\nr2,a,,,,1.,1E2,0.0,5.,,,1e-3,\n`,
    engine: 'duckdb',
  },
  {
    name: 'True/False qualities, statuses, attempts and propensities',
    file: 'kinds.csv',
    content:
      `${H}r1,a,,,,True,,,,error,1,0.5,\nr1,a,,,,FALSE,,,,ok,2,0.5,\n` +
      `r2,b,,,,true,,,,rate_limited,,1,\nr3,b,,,,false,,,,timeout,3,0.00001,\n`,
    engine: 'duckdb',
  },
  {
    name: 'timestamps in several spellings, conflicting on first attempts',
    file: 'times.csv',
    content:
      `${H}r1,a,2024-05-01T12:00:00Z,,,1,,,,,,,\nr1,b,2024-05-01 11:00:00.250,,,1,,,,,,,\n` +
      `r2,a,1714564800123,,,1,,,,,,,\nr3,a,2024-05-01T14:00:00+02:00,,,1,,,,,,,\n`,
    engine: 'duckdb',
  },
  { name: '5,000 interleaved rows with short ids', file: 'big.csv', content: bigCsv(1000, 5, false), engine: 'duckdb' },
  {
    name: '3,000 ids past the short-string table',
    file: 'many.csv',
    content: bigCsv(3000, 1, false),
    engine: 'duckdb',
  },
  { name: 'long ids and model names', file: 'long.csv', content: bigCsv(700, 4, true), engine: 'duckdb' },
  { name: 'a gzipped file of 5,000 rows', file: 'big.csv.gz', content: bigCsv(1000, 5, false), engine: 'duckdb' },
  {
    name: 'a TSV file',
    file: 'tabs.tsv',
    content: 'request_id\tmodel\tprompt\tquality\nr1\ta\thello, world\t1\nr2\ta\t\t0\n',
    engine: 'duckdb',
  },
];

describe('the DuckDB engine on edge cases', () => {
  it.each(cases)('reads $name like the JS reader (engine: $engine)', async (c) => {
    const path = c.file.endsWith('.gz') ? files.writeGz(c.file, c.content) : files.write(c.file, c.content);
    const { js, duck, engines } = await both(path);
    expect(differences(duck, js)).toEqual([]);
    expect(engines).toEqual([c.engine]);
  });

  it('drops the same duplicate rows as the JS reader with --lenient', async () => {
    const path = files.write(
      'dups.csv',
      `${H}r1,a,,,,1,,,,,,,\nr1,a,,,,0,,,,,,,\nr2,a,,,,1,,,,,,,\nr1,b,,,,1,,,,,,,\n`,
    );
    const { js, duck, engines } = await both(path, { lenient: true });
    expect(differences(duck, js)).toEqual([]);
    expect(engines).toEqual(['duckdb']);
    expect(duck.rowCount).toBe(3);
  });

  it('reads Parquet text columns (empty strings are no value) like the JS reader', async () => {
    const path = files.writeParquet('text.parquet', [
      { name: 'request_id', data: ['r1', 'r1', 'r2'] },
      { name: 'model', data: ['a', 'b', 'a'] },
      { name: 'quality', data: ['0.5', '', 'True'] },
      { name: 'cost_usd', data: ['1e-3', null, '0'] },
      { name: 'task', data: ['', 't', null] },
    ]);
    const { js, duck, engines } = await both(path);
    expect(differences(duck, js)).toEqual([]);
    expect(engines).toEqual(['duckdb']);
  });

  it('stops at the memory budget instead of handing the file to the JS reader', async () => {
    const path = files.write('budget.csv', bigCsv(1000, 5, false));
    const err = await readTraceWithEngine(path, { engine: 'duckdb', maxMemoryMb: 0.1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceLimitError);
    expect((err as Error).message).toContain('the trace outgrew the memory budget of');
  });

  it('reads a small input with the JS reader under auto, and says why', async () => {
    const path = files.write('small.csv', `${H}r1,a,,,,1,,,,,,,\n`);
    const { files: engines } = await readTraceWithEngine(path, { engine: 'auto' });
    expect(engines).toEqual([{ path, engine: 'js', reason: expect.stringContaining('a small input') }]);
  });

  it.each(['js', 'duckdb'] as const)('keeps no slack in any column of the Trace (%s engine)', async (engine) => {
    const path = files.write(`exact-${engine}.csv`, bigCsv(1000, 5, false));
    const { trace } = await readTraceWithEngine(path, { engine });
    const arrays = Object.entries(trace).filter(([, v]) => ArrayBuffer.isView(v)) as [string, Float64Array][];
    expect(arrays.length).toBeGreaterThan(15);
    for (const [name, a] of arrays) expect([name, a.buffer.byteLength]).toEqual([name, a.byteLength]);
    for (const t of trace.tags) expect(t.codes.buffer.byteLength).toBe(t.codes.byteLength);
  });
});
