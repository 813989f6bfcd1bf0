/**
 * Memory per trace row: an 8-column trace (request_id, model, prompt, quality, input_tokens,
 * output_tokens, cost_usd, latency_ms; 10 models per request) read by each engine, then a one-policy
 * replay with its summary. Each measurement runs in its own child process; bytes per row are
 * (peak RSS − the idle process's RSS) / rows, and `held` is the heap + array buffers kept after a GC.
 *
 *   npx tsx bench/memory.ts [rows]   (default 1,000,000; prints figures, asserts nothing)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRegistry } from '../policies/index.ts';
import { buildResults } from '../src/metrics/results.ts';
import { resolvePolicy } from '../src/policy/resolve-policy.ts';
import { replay } from '../src/replay/replay.ts';
import { duckDbConnection } from '../src/traces/engines/duckdb-connection.ts';
import { readTraceWithEngine } from '../src/traces/engines/read-with-engine.ts';
import { writeEightColumnCsv } from './eight-column.ts';

interface Figures {
  rows: number;
  idleMb: number;
  /** Heap + array buffers after a GC, above the idle process's. */
  heldMb: number;
  peakMb: number;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;
// What the process holds after a GC: the JS heap plus typed-array buffers (RSS keeps freed pages mapped).
const heldMb = (): number => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
};

async function child(mode: string, path: string): Promise<void> {
  const registry = builtinRegistry();
  gc();
  const idleMb = rssMb();
  const idleHeldMb = heldMb();
  let rows = 0;
  let held: unknown;
  if (mode === 'idle-duckdb') held = await duckDbConnection();
  else if (mode !== 'idle') {
    // The CLI's default engine (auto) reads this file with DuckDB.
    const { trace } = await readTraceWithEngine(path, { engine: mode === 'read-js' ? 'js' : 'auto' });
    rows = trace.rowCount;
    held = trace;
    if (mode === 'replay') {
      const runs = await replay(trace, [await resolvePolicy('always:model-3', registry)], { seed: 0 });
      held = [trace, buildResults(trace, runs, { seed: 0, path, version: 'bench' })];
    }
  }
  gc();
  const figures: Figures = {
    rows,
    idleMb,
    heldMb: heldMb() - idleHeldMb,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(figures) + (held ? '' : ''));
}

function measure(mode: string, path: string): Figures {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', mode, path], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Figures;
}

/** Bytes per row of each mode: [label, steady, peak]; and what loading DuckDB alone adds to the idle process. */
export function memoryRows(path: string): [string, number, number][] {
  const idle = measure('idle', path);
  const duck = measure('idle-duckdb', path);
  const rows: [string, number, number][] = [['load DuckDB', NaN, duck.peakMb - idle.idleMb]];
  return rows.concat(
    (['read-js', 'read-duckdb', 'replay'] as const).map((mode) => {
      const f = measure(mode, path);
      const perRow = (mb: number): number => (mb * 2 ** 20) / f.rows;
      return [mode, perRow(f.heldMb), perRow(f.peakMb - idle.idleMb)];
    }),
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!);
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'routelab-mem-'));
  try {
    const path = join(dir, 'eight.csv');
    writeEightColumnCsv(path, rows);
    console.log(`${rows.toLocaleString('en-US')} rows, 8 columns; bytes per row above the idle process (target ≤ 80)`);
    for (const [mode, steady, peak] of memoryRows(path))
      if (Number.isNaN(steady)) console.log(`${mode.padEnd(12)} ${peak.toFixed(0)} MB once per process`);
      else
        console.log(
          `${mode.padEnd(12)} held ${steady.toFixed(0).padStart(5)} B/row   ` +
            `peak RSS ${peak.toFixed(0).padStart(5)} B/row`,
        );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
