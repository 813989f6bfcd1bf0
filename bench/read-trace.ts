/**
 * Reading + validating a generated long trace, beside the raw parser on the same file.
 *
 *   npx tsx bench/read-trace.ts [rows] [dir]  (default 1,000,000 rows = 10 models × 100k requests;
 *                                             with `dir`, the generated files are written there and kept)
 *
 * Each measurement runs in its own child process (same node, tsx loader) so the peak RSS reported is that
 * reader's alone. Figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  closeSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteFile } from 'hyparquet-writer';
import { createRng } from '../src/core/rng.ts';
import { readTrace } from '../src/traces/read-trace.ts';

const MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'claude-3-5-sonnet',
  'claude-3-haiku',
  'gemini-1.5-pro',
  'gemini-1.5-flash',
  'llama-3.1-70b',
  'llama-3.1-8b',
  'mixtral-8x7b',
  'qwen2.5-72b',
];
const TASKS = ['math', 'code', 'chat', 'extraction', 'summarization'];
const WORDS = (
  'the a of to and in is for on with how what why explain write list compare summarize translate code ' +
  'function error prime number table data model price latency user query answer step proof "quoted" value, comma'
).split(' ');
const HEADER =
  'request_id,model,timestamp,task,prompt,quality,input_tokens,output_tokens,cost_usd,latency_ms,ttft_ms,status';

/** Wall and CPU (user + system) milliseconds: the machine may be shared, so ratios use CPU time. */
interface Measurement {
  rows: number;
  ms: number;
  cpuMs: number;
  maxRssMb: number;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes the CSV and returns the Parquet columns of the same rows. */
function generate(path: string, rows: number): Record<string, unknown[]> {
  const rng = createRng(7);
  const requests = Math.ceil(rows / MODELS.length);
  const cols: Record<string, unknown[]> = Object.fromEntries(HEADER.split(',').map((c) => [c, []]));
  const fd = openSync(path, 'w');
  let buf = `${HEADER}\n`;
  const t0 = Date.UTC(2024, 4, 1);
  let n = 0;
  for (let r = 0; r < requests && n < rows; r++) {
    const words = Array.from({ length: 8 + rng.int(25) }, () => WORDS[rng.int(WORDS.length)]!);
    const prompt = words.join(' ');
    const task = TASKS[rng.int(TASKS.length)]!;
    const ts = new Date(t0 + r * 1500 + rng.int(1000));
    const inputTokens = Math.round(prompt.length / 4) + 20;
    for (let m = 0; m < MODELS.length && n < rows; m++, n++) {
      const quality = rng.next() < 0.3 ? rng.int(2) : Math.round(rng.next() * 1000) / 1000;
      const outputTokens = 20 + rng.int(800);
      const costUsd = Math.round(inputTokens * (m + 1) * 0.15 + outputTokens * (m + 1) * 0.6) / 1e6;
      const latencyMs = Math.round((200 + outputTokens * (5 + m) + rng.next() * 300) * 10) / 10;
      const ttftMs = Math.round(100 + rng.next() * 400);
      const status = rng.next() < 0.01 ? 'error' : 'ok';
      const id = `req-${String(r).padStart(7, '0')}`;
      const row = [
        id,
        MODELS[m]!,
        ts.toISOString(),
        task,
        prompt,
        quality,
        inputTokens,
        outputTokens,
        costUsd,
        latencyMs,
        ttftMs,
        status,
      ];
      buf += `${row.map((v) => csvField(String(v))).join(',')}\n`;
      row.forEach((v, i) => cols[HEADER.split(',')[i]!]!.push(i === 2 ? ts : v));
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  return cols;
}

async function rawCsv(path: string): Promise<number> {
  let rows = 0;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = path.endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true });
  parser.on('data', () => rows++);
  await new Promise((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    input.pipe(parser);
  });
  return rows - 1;
}

async function rawParquet(path: string): Promise<number> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  let rows = 0,
    start = 0;
  for (const g of metadata.row_groups) {
    const end = start + Number(g.num_rows);
    await parquetRead({
      file,
      metadata,
      rowStart: start,
      rowEnd: end,
      compressors,
      onComplete: (r) => {
        rows += r.length;
      },
    });
    start = end;
  }
  return rows;
}

async function child(mode: string, path: string): Promise<void> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  let rows: number;
  if (mode === 'raw') rows = path.endsWith('.parquet') ? await rawParquet(path) : await rawCsv(path);
  else rows = (await readTrace(path)).rowCount;
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(JSON.stringify({ rows, ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function measure(mode: string, path: string): Measurement {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', mode, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mode} ${path} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Measurement;
}

function pandas(path: string): Measurement | string {
  // The python3 on PATH may be a pyenv build without pandas while Debian's python3-pandas sits in /usr/bin.
  const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import pandas']).status === 0);
  if (!python) return 'pandas not installed (no python3 with "import pandas"; apt-get install python3-pandas); skipped';
  const code = `import time, resource, pandas as pd
t = time.perf_counter(); c = time.process_time(); df = pd.read_csv(${JSON.stringify(path)})
ms = (time.perf_counter() - t) * 1000; cpu = (time.process_time() - c) * 1000
print(len(df), ms, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)`;
  const r = spawnSync(python, ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) return `pandas failed: ${r.stderr.trim().split('\n').pop()}`;
  const [rows, ms, cpuMs, rss] = r.stdout.trim().split(/\s+/).map(Number);
  return { rows: rows!, ms: ms!, cpuMs: cpuMs!, maxRssMb: rss! };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!);
  const rows = Number(process.argv[2] ?? 1_000_000);
  const keep = process.argv[3];
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'routelab-bench-'));
  try {
    const csv = join(dir, 'trace.csv');
    console.log(`generating ${rows.toLocaleString('en-US')} rows in ${dir} ...`);
    const cols = generate(csv, rows);
    writeFileSync(`${csv}.gz`, gzipSync(readFileSync(csv), { level: 6 }));
    const parquet = join(dir, 'trace.parquet');
    parquetWriteFile({
      filename: parquet,
      columnData: Object.entries(cols).map(([name, data]) => ({
        name,
        data,
        type:
          name === 'timestamp'
            ? 'TIMESTAMP'
            : typeof data[0] === 'number'
              ? name.endsWith('tokens')
                ? 'INT32'
                : 'DOUBLE'
              : 'STRING',
      })),
    });
    const mb = (p: string): number => statSync(p).size / 1e6;
    console.log(
      `files: csv ${mb(csv).toFixed(1)} MB, csv.gz ${mb(`${csv}.gz`).toFixed(1)} MB, parquet ` +
        `${mb(parquet).toFixed(1)} MB\n`,
    );

    const lines: string[][] = [
      ['input', 'reader', 'rows', 'wall s', 'cpu s', 'rows/s', 'CSV MB/s', 'vs raw', 'peak RSS MB'],
    ];
    const row = (input: string, reader: string, m: Measurement, size: number, raw?: Measurement): void => {
      const s = m.cpuMs / 1000;
      lines.push([
        input,
        reader,
        m.rows.toLocaleString('en-US'),
        (m.ms / 1000).toFixed(2),
        s.toFixed(2),
        Math.round(m.rows / s).toLocaleString('en-US'),
        (size / s).toFixed(1),
        raw ? `${(raw.cpuMs / m.cpuMs).toFixed(2)}×` : '',
        m.maxRssMb.toFixed(0),
      ]);
    };
    // Throughput is in MB of the plain CSV for every input, so .gz and Parquet rows compare with it.
    const csvMb = mb(csv);
    for (const [label, path] of [
      ['csv', csv],
      ['csv.gz', `${csv}.gz`],
      ['parquet', parquet],
    ] as const) {
      const raw = measure('raw', path);
      const ours = measure('read', path);
      row(label, path.endsWith('.parquet') ? 'raw hyparquet' : 'raw csv-parse', raw, csvMb);
      row(label, 'readTrace', ours, csvMb, raw);
    }
    const pd = pandas(csv);
    if (typeof pd === 'string') console.log(pd);
    else row('csv', 'pandas read_csv', pd, csvMb);
    const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
    for (const l of lines)
      console.log(l.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    console.log(
      '\nrows/s and CSV MB/s (MB of the plain CSV, whatever the input) are per CPU second (user + system), ' +
        'since the machine may be',
    );
    console.log('shared; "vs raw" = readTrace throughput / raw parser throughput on the same file (target ≥ 0.6×).');
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
