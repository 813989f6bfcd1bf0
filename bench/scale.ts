/**
 * Scale: what a one-policy replay costs in memory, and replays of traces too big to hold comfortably.
 *   1. the replay's own part on a 1M-row trace: peak RSS growth of replay + results after the trace is read
 *      (the kernel's peak counter is reset after reading), in bytes per row;
 *   2. `routelab replay` on a 10M-row trace (1M requests × 10 models, 8 columns): in memory (default reader) and
 *      streamed (`--chunk-requests`): wall and CPU time, peak RSS above the idle CLI;
 *   3. with `--huge <rows>` (e.g. 50000000): the streamed replay of that many rows.
 *
 *   npx tsx bench/scale.ts [--rows 10000000] [--chunk 100000] [--huge 50000000] [--dir /tmp/routelab-scale]
 *                          [--part-only: section 1 only]
 *
 * Generated files are written once into --dir and reused (never into the repository). The machine is shared:
 * CPU seconds are given beside wall time; nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRegistry } from '../policies/index.ts';
import { buildResults } from '../src/metrics/results.ts';
import { resolvePolicy } from '../src/policy/resolve-policy.ts';
import { replay } from '../src/replay/replay.ts';
import { readTraceWithEngine } from '../src/traces/engines/read-with-engine.ts';
import { writeEightColumnCsv } from './eight-column.ts';

const self = fileURLToPath(import.meta.url);
const BIN = fileURLToPath(new URL('../bin/routelab.js', import.meta.url));
const POLICY = 'weighted:model-0=0.3,model-3=0.7';

const arg = (name: string, fallback?: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

/** The generated trace of `rows` rows in `dir`, written on first use. */
function traceFile(dir: string, rows: number): string {
  const path = join(dir, `eight-${rows}.csv`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    console.log(`generating ${path} …`);
    writeEightColumnCsv(`${path}.part`, rows);
    renameSync(`${path}.part`, path);
  }
  return path;
}

const hwmMb = (): number => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

/** Child: read, then replay + results with the peak counter reset in between; prints bytes per row. */
async function replayPart(path: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  // The JS reader, as `routelab replay` reads by default (DuckDB's freed buffers would hide the growth).
  const { trace } = await readTraceWithEngine(path, { engine: 'js' });
  const policy = await resolvePolicy(POLICY, builtinRegistry());
  gc();
  writeFileSync('/proc/self/clear_refs', '5');
  const base = process.memoryUsage().rss / 2 ** 20;
  const cpu = process.cpuUsage();
  const runs = await replay(trace, [policy], { seed: 0 });
  buildResults(trace, runs, { seed: 0, path, version: 'bench' });
  const used = process.cpuUsage(cpu);
  const perRow = ((hwmMb() - base) * 2 ** 20) / trace.rowCount;
  process.stdout.write(JSON.stringify({ perRow, cpuS: (used.user + used.system) / 1e6 }));
}

interface Timed {
  wallS: number;
  cpuS: number;
  peakMb: number;
}

/** The CLI under /usr/bin/time: wall, user + system CPU, peak RSS. */
function cli(args: readonly string[]): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('TIME '));
  if (r.status !== 0 || !line) throw new Error(`routelab ${args.join(' ')} failed:\n${r.stderr.slice(-2000)}`);
  const [wall, user, sys, kb] = line.split(' ').slice(1).map(Number) as [number, number, number, number];
  return { wallS: wall, cpuS: user + sys, peakMb: kb / 1024 };
}

function show(label: string, t: Timed, rows: number, idleMb: number): void {
  const perRow = ((t.peakMb - idleMb) * 2 ** 20) / rows;
  console.log(
    `${label.padEnd(44)} ${t.wallS.toFixed(1).padStart(7)} s wall ${t.cpuS.toFixed(1).padStart(7)} s CPU ` +
      `peak ${t.peakMb.toFixed(0).padStart(6)} MB (${perRow.toFixed(0)} B/row above idle)`,
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return replayPart(process.argv[3]!);
  const dir = arg('dir', '/tmp/routelab-scale')!;
  const rows = Number(arg('rows', '10000000'));
  const chunk = arg('chunk', '100000')!;
  const huge = arg('huge');
  console.log('machine shared (2 cores): wall times vary with load; CPU seconds are the steadier figure');

  const small = traceFile(dir, 1_000_000);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', small], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  const part = JSON.parse(r.stdout) as { perRow: number; cpuS: number };
  console.log(`\n1. replay part (1M rows, ${POLICY}, replay + results incl. references after reading)`);
  console.log(`   peak RSS growth ${part.perRow.toFixed(1)} B/row, ${part.cpuS.toFixed(2)} s CPU`);
  const idle = cli(['--version']);
  const oneM = cli(['replay', small, '--policy', POLICY, '--json', join(dir, 'out-1m.json')]);
  show('   routelab replay 1M rows (JS reader), total', oneM, 1_000_000, idle.peakMb);

  if (process.argv.includes('--part-only')) return;
  const big = traceFile(dir, rows);
  console.log(`\n2. ${rows.toLocaleString('en-US')} rows, one policy; idle CLI ${idle.peakMb.toFixed(0)} MB`);
  const inMemory = cli(['replay', big, '--policy', POLICY, '--json', join(dir, 'out-mem.json')]);
  show('in memory (default JS reader)', inMemory, rows, idle.peakMb);
  const streamed = cli([
    'replay',
    big,
    '--policy',
    POLICY,
    '--chunk-requests',
    chunk,
    '--json',
    join(dir, 'out-st.json'),
  ]);
  show(`streamed (--chunk-requests ${chunk})`, streamed, rows, idle.peakMb);
  const [m, s] = [join(dir, 'out-mem.json'), join(dir, 'out-st.json')].map(
    (p) => JSON.parse(readFileSync(p, 'utf8')).runs[0] as { quality: { mean: number }; costUsd: { total: number } },
  );
  const same = m!.quality.mean === s!.quality.mean && m!.costUsd.total === s!.costUsd.total;
  const cpu = (streamed.cpuS / inMemory.cpuS).toFixed(2);
  const peak = (streamed.peakMb / inMemory.peakMb).toFixed(2);
  console.log(`same quality mean and cost total: ${same}; streamed / in memory: ${cpu}× CPU, ${peak}× peak RSS`);

  if (huge) {
    const hugeRows = Number(huge);
    const file = traceFile(dir, hugeRows);
    console.log(`\n3. ${hugeRows.toLocaleString('en-US')} rows, streamed`);
    const t = cli([
      'replay',
      file,
      '--policy',
      POLICY,
      '--chunk-requests',
      chunk,
      '--json',
      join(dir, 'out-huge.json'),
    ]);
    show(`streamed (--chunk-requests ${chunk})`, t, hugeRows, idle.peakMb);
  }
}

await main();
