import type { Run } from './engine.ts';

/** What engine.ts lends this section: its child-process measurement, python runner and table printer. */
export interface Tools {
  measure: (mode: string, arg: string) => Run;
  python: (code: string) => string;
  table: (rows: string[][]) => void;
}

/** Best of `n` runs of a measurement (least CPU), with the smallest peak RSS and wall time seen. */
function best(n: number, run: () => Run): Run {
  const runs = Array.from({ length: n }, run);
  const top = runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
  return { ...top, wallMs: Math.min(...runs.map((r) => r.wallMs)), peakMb: Math.min(...runs.map((r) => r.peakMb)) };
}

/**
 * Section 1 of bench/engine.ts: ingest of one generated CSV by the JS reader, the DuckDB engine, raw DuckDB and
 * pandas.read_csv, each best of 3 in its own process (engine.ts's `measure`), with ratios to pandas.
 */
export async function ingest(csv: string, rows: number, tools: Tools): Promise<void> {
  const { measure, python, table } = tools;
  console.log('\n1. ingest, best of 3 (rows per CPU second and wall time; peak RSS per row above an idle process)');
  const out = [['reader', 'rows/s (cpu)', 'vs pandas', 'wall s', 'vs pandas', 'peak B/row']];
  const pandasRuns = Array.from({ length: 3 }, () =>
    python(`import time, resource, pandas as pd
c = time.process_time(); t = time.perf_counter(); df = pd.read_csv(${JSON.stringify(csv)})
print(len(df), (time.process_time() - c) * 1000, (time.perf_counter() - t) * 1000,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)`),
  );
  const pandasIdle = python(`import resource, pandas as pd
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)`);
  const parsed = pandasRuns.map((l) => l.split(/\s+/).map(Number));
  const pandas = parsed.reduce((a, b) => (b[1]! < a[1]! ? b : a));
  const pandasRate = pandas[0]! / (pandas[1]! / 1000);
  const pandasWall = Math.min(...parsed.map((p) => p[2]!));
  const idleMb = measure('idle', csv).peakMb;
  const add = (label: string, r: Run, idle = idleMb): void => {
    const rate = r.rows / (r.cpuMs / 1000);
    out.push([
      label,
      Math.round(rate).toLocaleString('en-US'),
      Number.isFinite(pandasRate) ? `${(rate / pandasRate).toFixed(2)}×` : '',
      (r.wallMs / 1000).toFixed(2),
      Number.isFinite(pandasWall) ? `${(pandasWall / r.wallMs).toFixed(2)}×` : '',
      (((r.peakMb - idle) * 2 ** 20) / rows).toFixed(0),
    ]);
  };
  add(
    'routelab js reader (validating)',
    best(3, () => measure('js', csv)),
  );
  add(
    'routelab duckdb engine (validating)',
    best(3, () => measure('duckdb', csv)),
  );
  add(
    'raw DuckDB read_csv + aggregate',
    best(3, () => measure('raw-duckdb', csv)),
  );
  if (Number.isFinite(pandasRate))
    add(
      'pandas.read_csv (parse only)',
      { rows: pandas[0]!, cpuMs: pandas[1]!, wallMs: pandasWall, peakMb: pandas[3]! },
      Number(pandasIdle),
    );
  else console.log(pandasRuns[0]);
  table(out);
  const load = measure('load-duckdb', csv);
  console.log(
    '(ratios: pandas time / ours, above 1× is faster than pandas; the idle process is node with tsx; libraries are ' +
      `loaded before the clock starts: loading DuckDB costs ${(load.cpuMs / 1000).toFixed(2)} s CPU and ` +
      `${(load.peakMb - idleMb).toFixed(0)} MB once per process, import pandas about as much)`,
  );
}
