import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnSource } from 'hyparquet-writer';
import { TraceFormatError } from '../../src/core/errors.ts';
import { readTraceWithEngine } from '../../src/traces/engines/read-with-engine.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

const H = 'request_id,model,quality,cost_usd\n';

interface Case {
  name: string;
  file: string;
  content: string | Uint8Array | ColumnSource[];
  line: number;
  /** Column as the message names it in parentheses; undefined when the problem is not in one column. */
  column: string | undefined;
  /** A phrase the message must contain (what was expected or found). */
  says: string;
}

const cases: Case[] = [
  // CSV: header problems are reported on line 1 under the column's name.
  {
    name: 'CSV without a model column',
    file: 'no-model.csv',
    content: 'request_id,quality\nr1,1\n',
    line: 1,
    column: 'model',
    says: 'expected a model column',
  },
  {
    name: 'CSV without a request_id column',
    file: 'no-id.csv',
    content: 'model,quality\na,1\n',
    line: 1,
    column: 'request_id',
    says: '--format wide',
  },
  {
    name: 'CSV with a repeated column name',
    file: 'dup-col.csv',
    content: 'request_id,model,quality,quality\nr1,a,1,1\n',
    line: 1,
    column: 'quality',
    says: 'columns 3 and 4',
  },
  {
    // A first unnamed column is a pandas index and is dropped (read-warnings.test.ts); elsewhere it is refused.
    name: 'CSV with an unnamed column after the first',
    file: 'unnamed-col.csv',
    content: 'request_id,,model\nr1,0,a\n',
    line: 1,
    column: 'column 2',
    says: 'got an empty header cell',
  },
  { name: 'an empty CSV file', file: 'empty.csv', content: '', line: 1, column: undefined, says: 'got an empty file' },
  {
    name: 'a CSV file with only blank lines',
    file: 'blank.csv',
    content: '\n\n',
    line: 1,
    column: undefined,
    says: 'got an empty file',
  },
  {
    name: 'a header-only CSV file',
    file: 'header-only.csv',
    content: H,
    line: 2,
    column: undefined,
    says: 'no data rows',
  },
  // CSV: cell problems name the 1-based line and the column.
  {
    name: 'an empty request_id',
    file: 'empty-id.csv',
    content: `${H}r1,a,1,0.1\n,b,1,0.1\n`,
    line: 3,
    column: 'request_id',
    says: 'got an empty cell',
  },
  {
    name: 'an empty model',
    file: 'empty-model.csv',
    content: `${H}r1,,1,0.1\n`,
    line: 2,
    column: 'model',
    says: 'non-empty id',
  },
  {
    name: 'quality above 1',
    file: 'quality.csv',
    content: `${H}r1,a,1.5,0.1\n`,
    line: 2,
    column: 'quality',
    says: 'got "1.5"',
  },
  {
    name: 'a non-numeric cost',
    file: 'cost-text.csv',
    content: `${H}r1,a,1,abc\n`,
    line: 2,
    column: 'cost_usd',
    says: 'got "abc"',
  },
  {
    name: 'an infinite cost',
    file: 'cost-inf.csv',
    content: `${H}r1,a,1,Infinity\n`,
    line: 2,
    column: 'cost_usd',
    says: 'non-negative number',
  },
  {
    name: 'a negative latency',
    file: 'latency.csv',
    content: 'request_id,model,latency_ms\nr1,a,12\nr2,a,-3\n',
    line: 3,
    column: 'latency_ms',
    says: 'got "-3"',
  },
  {
    name: 'fractional output tokens',
    file: 'tokens.csv',
    content: 'request_id,model,output_tokens\nr1,a,12.5\n',
    line: 2,
    column: 'output_tokens',
    says: 'non-negative integer',
  },
  {
    name: 'hexadecimal input tokens',
    file: 'hex.csv',
    content: 'request_id,model,input_tokens\nr1,a,0x10\n',
    line: 2,
    column: 'input_tokens',
    says: 'got "0x10"',
  },
  {
    name: 'a propensity of zero',
    file: 'propensity.csv',
    content: 'request_id,model,propensity\nr1,a,0\n',
    line: 2,
    column: 'propensity',
    says: '(0,1]',
  },
  {
    name: 'an unknown status',
    file: 'status.csv',
    content: 'request_id,model,status\nr1,a,failed\n',
    line: 2,
    column: 'status',
    says: 'rate_limited',
  },
  {
    name: 'attempt zero',
    file: 'attempt.csv',
    content: 'request_id,model,attempt\nr1,a,0\n',
    line: 2,
    column: 'attempt',
    says: 'integer >= 1',
  },
  {
    name: 'an unparseable timestamp',
    file: 'ts.csv',
    content: 'request_id,model,timestamp\nr1,a,yesterday\n',
    line: 2,
    column: 'timestamp',
    says: 'ISO-8601',
  },
  {
    name: 'a timestamp on a day that does not exist',
    file: 'ts-feb30.csv',
    content: 'request_id,model,timestamp\nr1,a,2024-02-30T00:00:00Z\n',
    line: 2,
    column: 'timestamp',
    says: 'ISO-8601',
  },
  {
    name: 'a timestamp in epoch seconds',
    file: 'ts-seconds.csv',
    content: 'request_id,model,timestamp\nr1,a,1714560000\n',
    line: 2,
    column: 'timestamp',
    says: 'multiply by 1000',
  },
  {
    name: 'a row with a missing field',
    file: 'ragged-short.csv',
    content: `${H}r1,a,1,0.1\nr2,a,1\n`,
    line: 3,
    column: 'cost_usd',
    says: 'expected 4 fields as in the header, got 3',
  },
  {
    name: 'a row with an extra field',
    file: 'ragged-long.csv',
    content: `${H}r1,a,1,0.1,9\n`,
    line: 2,
    column: 'field 5',
    says: 'got 5',
  },
  {
    name: 'a quote that is never closed',
    file: 'open-quote.csv',
    content: `${H}r1,a,1,0.1\nr2,"a,1,0.1\nr3,a,1,0.1\n`,
    line: 3,
    column: 'model',
    says: 'closing quote',
  },
  {
    name: 'a stray quote inside a field',
    file: 'stray-quote.csv',
    content: 'request_id,model,prompt\nr1,a,say "hi"\n',
    line: 2,
    column: 'prompt',
    says: 'stray quote',
  },
  {
    name: 'a bad cell after a multi-line quoted prompt',
    file: 'after-multiline.csv',
    content: 'request_id,model,prompt,quality\r\nr1,a,"one\r\ntwo\r\nthree",1\r\nr2,a,x,7\r\n',
    line: 5,
    column: 'quality',
    says: 'got "7"',
  },
  {
    name: 'a duplicate request × model row',
    file: 'dup-row.csv',
    content: `${H}r1,a,1,0.1\nr1,b,1,0.1\nr1,a,0,0.1\n`,
    line: 4,
    column: 'model',
    says: 'first at line 2',
  },
  // TSV
  {
    name: 'TSV with quality as a percentage',
    file: 'bad.tsv',
    content: 'request_id\tmodel\tquality\nr1\ta\t85\n',
    line: 2,
    column: 'quality',
    says: 'divide',
  },
  {
    name: 'gzipped TSV without a model column',
    file: 'no-model.tsv.gz',
    content: 'request_id\tquality\nr1\t1\n',
    line: 1,
    column: 'model',
    says: 'expected a model column',
  },
  // JSONL: syntax errors name the character position within the line.
  {
    name: 'JSONL with a trailing comma',
    file: 'comma.jsonl',
    content: '{"request_id":"r1","model":"a"}\n{"request_id":"r2","model":"a",}\n',
    line: 2,
    column: 'char 32',
    says: 'invalid JSON',
  },
  {
    name: 'JSONL with a bare word',
    file: 'word.jsonl',
    content: '\n{"request_id":"r1","model":tru}\n',
    line: 2,
    column: 'char 31',
    says: "Unexpected token '}') near",
  },
  {
    name: 'JSONL with an array line',
    file: 'array.jsonl',
    content: '["r1","a"]\n',
    line: 1,
    column: 'char 1',
    says: 'got an array',
  },
  {
    name: 'JSONL without a model key',
    file: 'no-model.jsonl',
    content: '{"request_id":"r1","model":"a"}\n{"request_id":"r2"}\n',
    line: 2,
    column: 'model',
    says: 'got no value',
  },
  {
    name: 'JSONL with a text cost',
    file: 'cost.jsonl',
    content: '{"request_id":"r1","model":"a","cost_usd":"cheap"}\n',
    line: 1,
    column: 'cost_usd',
    says: 'got "cheap"',
  },
  { name: 'an empty JSONL file', file: 'empty.ndjson', content: '', line: 1, column: undefined, says: 'empty file' },
  // Parquet: "lines" are record numbers and the message says so.
  {
    name: 'Parquet with quality out of range',
    file: 'quality.parquet',
    line: 2,
    column: 'quality',
    says: 'record 2: expected a number in [0,1]',
    content: [
      { name: 'request_id', data: ['r1', 'r2'] },
      { name: 'model', data: ['a', 'a'] },
      { name: 'quality', data: [1, 2], type: 'DOUBLE' },
    ],
  },
  {
    name: 'Parquet with negative tokens',
    file: 'tokens.parquet',
    line: 3,
    column: 'input_tokens',
    says: 'record 3',
    content: [
      { name: 'request_id', data: ['r1', 'r2', 'r3'] },
      { name: 'model', data: ['a', 'a', 'a'] },
      { name: 'input_tokens', data: [1, 2, -5], type: 'INT32' },
    ],
  },
  {
    name: 'Parquet without a request_id column',
    file: 'no-id.parquet',
    line: 1,
    column: 'request_id',
    says: 'expected a request_id column',
    content: [
      { name: 'id', data: ['r1'] },
      { name: 'model', data: ['a'] },
    ],
  },
  // Wide (RouterBench / RouteLLM evaluation matrices)
  {
    name: 'a wide file with a text score',
    file: 'wide-text.csv',
    line: 3,
    column: 'gpt-4',
    says: 'got "yes"',
    content: 'sample_id,prompt,gpt-4,llama\ns1,hi,1,0\ns2,ho,yes,1\n',
  },
  {
    name: 'a wide file with a score above 1',
    file: 'wide-score.csv',
    line: 2,
    column: 'llama',
    says: 'got "9"',
    content: 'prompt,gpt-4,llama\nhi,True,9\n',
  },
  {
    name: 'a wide file with a negative total_cost',
    file: 'wide-cost.csv',
    line: 2,
    column: 'gpt-4|total_cost',
    says: 'got "-0.1"',
    content: 'sample_id,prompt,gpt-4,gpt-4|total_cost\ns1,hi,1,-0.1\n',
  },
  {
    name: 'a wide file with an empty sample_id',
    file: 'wide-id.csv',
    line: 3,
    column: 'sample_id',
    says: 'non-empty sample_id',
    content: 'sample_id,prompt,gpt-4\ns1,hi,1\n,ho,0\n',
  },
  {
    name: 'a wide file with a short row',
    file: 'wide-ragged.csv',
    line: 4,
    column: 'llama',
    says: 'got 2',
    content: 'prompt,gpt-4,llama\n"multi\nline",1,0\nho,1\n',
  },
  {
    name: 'a wide file without score columns',
    file: 'wide-none.csv',
    line: 1,
    column: 'note',
    says: 'model score columns',
    content: 'prompt,note\nhi,something\n',
  },
  {
    name: 'a file forced to --format wide with a bad score',
    file: 'forced.tsv',
    line: 2,
    column: 'm1',
    says: 'got "-1"',
    content: 'sample_id\tm1\ns1\t-1\n',
  },
  // Bytes that are not UTF-8 used to become U+FFFD and silently merge ids that differ only there.
  {
    name: 'CSV with an invalid UTF-8 byte in a request id',
    file: 'latin1.csv',
    line: 3,
    column: undefined,
    says: 'expected UTF-8 text, got the invalid byte 0xff',
    content: Buffer.from('request_id,model,cost_usd\nid1,a,1\nid\xff,a,1\n', 'latin1'),
  },
  {
    name: 'JSONL with an invalid UTF-8 byte',
    file: 'latin1.jsonl',
    line: 2,
    column: undefined,
    says: 'got the invalid byte 0xfe',
    content: Buffer.from('{"request_id":"r1","model":"a"}\n{"request_id":"r\xfe","model":"a"}\n', 'latin1'),
  },
  {
    name: 'a CSV file that ends inside a UTF-8 character',
    file: 'cut.csv',
    line: 2,
    column: undefined,
    says: 'got the invalid byte 0xc3',
    content: Buffer.from('request_id,model\nr1,caf\xc3', 'latin1'),
  },
  {
    name: 'a timestamp with a +25:00 offset',
    file: 'tz25.csv',
    line: 2,
    column: 'timestamp',
    says: 'got "2024-05-01T12:00:00+25:00"',
    content: 'request_id,model,timestamp\nr1,a,2024-05-01T12:00:00+25:00\n',
  },
  {
    name: 'a timestamp with 60 offset minutes',
    file: 'tz60.csv',
    line: 3,
    column: 'timestamp',
    says: 'got "2024-05-01 12:00+0160"',
    content: 'request_id,model,timestamp\nr1,a,2024-05-01T12:00:00-03:30\nr2,a,2024-05-01 12:00+0160\n',
  },
  {
    name: 'JSONL with a key given twice',
    file: 'dup-key.jsonl',
    line: 1,
    column: 'char 32',
    says: 'expected each key once per object, got "model" twice',
    content: '{"request_id":"r1","model":"a","model":"b"}\n',
  },
  {
    name: 'JSONL with a key given twice, once escaped',
    file: 'dup-key-escaped.jsonl',
    line: 2,
    column: 'char 37',
    says: 'got "model" twice',
    content: '{"request_id":"r0","model":"a","x":{"model":1}}\n{"request_id":"r1","mo\\u0064el":"a","model":"b"}\n',
  },
  // Values DuckDB's cast reads but the JS reader refuses: the DuckDB engine must hand these files back.
  {
    name: 'a number with a digit separator',
    file: 'separator.csv',
    line: 3,
    column: 'cost_usd',
    says: 'got "1_000"',
    content: `${H}r1,a,1,0.1\nr2,a,1,1_000\n`,
  },
  {
    name: 'an infinite latency',
    file: 'inf.csv',
    line: 2,
    column: 'latency_ms',
    says: 'got "inf"',
    content: 'request_id,model,latency_ms\nr1,a,inf\n',
  },
  {
    name: 'a quality spelled nan',
    file: 'nan.csv',
    line: 2,
    column: 'quality',
    says: 'got "nan"',
    content: 'request_id,model,quality\nr1,a,nan\n',
  },
  {
    name: 'a bad value after the first 5,000 good rows',
    file: 'late.csv',
    line: 5002,
    column: 'quality',
    says: 'got "1.5"',
    content: `${H}${Array.from({ length: 5000 }, (_, i) => `r${i},a,1,0.1\n`).join('')}r5000,a,1.5,0.1\n`,
  },
  {
    name: 'an empty request_id after the first 5,000 good rows',
    file: 'late-id.csv',
    line: 5002,
    column: 'request_id',
    says: 'expected a non-empty id',
    content: `${H}${Array.from({ length: 5000 }, (_, i) => `r${i},a,1,0.1\n`).join('')},a,1,0.1\n`,
  },
];

function writeCase(c: Case): string {
  if (c.content instanceof Uint8Array) return files.write(c.file, c.content);
  if (typeof c.content !== 'string') return files.writeParquet(c.file, c.content);
  return c.file.endsWith('.gz') ? files.writeGz(c.file, c.content) : files.write(c.file, c.content);
}

// Through both engines: DuckDB hands any file with a problem to the streaming reader for its messages.
describe.each(['js', 'duckdb'] as const)('readTrace (%s engine) on malformed input', (engine) => {
  it('has at least 20 cases in the table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('rejects $name with file, line $line and column $column', async (c) => {
    const path = writeCase(c);
    const format = c.file === 'forced.tsv' ? 'wide' : 'auto';
    const err = await readTraceWithEngine(path, { format, engine }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceFormatError);
    const e = err as TraceFormatError;
    expect(e.message).toContain(`${path}:${c.line}${c.column === undefined ? ':' : ` (${c.column}):`}`);
    expect(e.message).toContain(c.says);
    expect(e.line).toBe(c.line);
    expect(e.column).toBe(c.column);
  });
});
