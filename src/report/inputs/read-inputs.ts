/**
 * Reads results files for a report and tells them apart by shape: replay results (`runs` + `references`),
 * sweep results (`points` + `param`), or a calibration file (`calibration`). Anything else, and invalid
 * JSON, is a TraceFormatError naming the file (and line:column for JSON syntax).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SimulationResults } from '../../metrics/simulation-summary.ts';
import type { ReplayResults, SweepResults } from '../../metrics/types.ts';
import { ConfigError, TraceFormatError } from '../../core/errors.ts';
import type { CalibrationResults, ReportInputs } from './types.ts';
import { locateJsonError } from './json-location.ts';

const num = z.number();
const quality = z.object({ mean: num.nullable(), ci95: z.tuple([num, num]).nullable(), unknown: num });
const run = z.object({
  policy: z.string(),
  requests: num,
  quality,
  costUsd: z.object({ total: num, perRequest: num, unknown: num.optional() }),
  latencyMs: z.object({ mean: num, p50: num, p95: num, p99: num, percentiles: z.array(num).optional() }).optional(),
  modelShare: z.record(z.string(), num),
  error: z.string().optional(),
});
const replaySchema = z.object({
  trace: z.object({
    path: z.string(),
    requests: num,
    models: z.array(z.string()),
    warnings: z.array(z.object({ code: z.string(), message: z.string(), count: num })),
  }),
  runs: z.array(run),
  references: z.object({ oracle: run.optional(), bestSingle: run.optional(), singles: z.array(run).optional() }),
});
const sweepSchema = z.object({
  trace: z.string().optional(),
  policy: z.string(),
  param: z.string(),
  points: z.array(
    z.object({ value: num, quality: num.nullable(), costUsd: num, modelShare: z.record(z.string(), num) }),
  ),
  apgr: num.nullable(),
  cpt: z.object({ '50': num.nullable(), '80': num.nullable(), '95': num.nullable() }),
});
const simulationSchema = z.object({
  trace: z.object({ path: z.string(), requests: num }),
  arrivals: z.string(),
  runs: z.array(z.object({ policy: z.string(), error: z.string().optional() })),
});
const bin = z.object({ binLow: num, binHigh: num, meanPredicted: num, observed: num, count: num });
const calibrationSchema = z.object({ calibration: z.record(z.string(), z.array(bin)) });

export type ResultsFile =
  | { readonly type: 'replay'; readonly value: ReplayResults }
  | { readonly type: 'sweep'; readonly value: SweepResults }
  | { readonly type: 'simulation'; readonly value: SimulationResults }
  | { readonly type: 'calibration'; readonly value: CalibrationResults };

function checked<T>(file: string, kind: string, schema: z.ZodType, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new TraceFormatError({ file, column: where }, `expected ${kind} results, but ${issue.message.toLowerCase()}`);
  }
  return value as T;
}

/** Parses one results file's text; `file` is used in error messages. */
export function parseResultsFile(file: string, text: string): ResultsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const loc = locateJsonError(text, err as Error);
    throw new TraceFormatError(
      { file: `${file}:${loc.line}:${loc.column}` },
      `expected valid JSON, got a syntax error (${loc.detail})`,
      { cause: err },
    );
  }
  const o = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<
    string,
    unknown
  >;
  if ('runs' in o && 'references' in o) return { type: 'replay', value: checked(file, 'replay', replaySchema, value) };
  if ('runs' in o && 'deployment' in o)
    return { type: 'simulation', value: checked(file, 'simulation', simulationSchema, value) };
  if ('points' in o && 'param' in o) return { type: 'sweep', value: checked(file, 'sweep', sweepSchema, value) };
  if ('calibration' in o) return { type: 'calibration', value: checked(file, 'calibration', calibrationSchema, value) };
  throw new TraceFormatError(
    { file },
    'expected replay results (routelab replay --json), sweep results (routelab sweep --json), ' +
      'simulation results (routelab simulate --json) ' +
      'or a calibration file ({"calibration": {...}}), got JSON with none of their fields',
  );
}

/** Reads and sorts files into report inputs; several calibration files are merged (later models win). */
export async function readReportInputs(files: readonly string[]): Promise<ReportInputs> {
  const results: ReplayResults[] = [];
  const sweeps: SweepResults[] = [];
  const simulations: SimulationResults[] = [];
  let calibration: CalibrationResults | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      // A folder is a usage error (rc 2), as a folder given as a trace is in every command.
      if ((err as NodeJS.ErrnoException).code === 'EISDIR')
        throw new ConfigError(
          `${file}: expected a results file, got a folder; pass the files in it, e.g. ${file}/*.json`,
        );
      throw new TraceFormatError(
        { file },
        `expected a readable results file, got ${(err as NodeJS.ErrnoException).code ?? 'an error'}`,
        { cause: err },
      );
    }
    const parsed = parseResultsFile(file, text);
    if (parsed.type === 'replay') results.push(parsed.value);
    else if (parsed.type === 'sweep') sweeps.push(parsed.value);
    else if (parsed.type === 'simulation') simulations.push(parsed.value);
    else calibration = { calibration: { ...calibration?.calibration, ...parsed.value.calibration } };
  }
  return { results, sweeps, ...(simulations.length ? { simulations } : {}), ...(calibration ? { calibration } : {}) };
}
