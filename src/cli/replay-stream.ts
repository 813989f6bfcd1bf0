/**
 * `replay --chunk-requests n`: a trace bigger than memory replayed n requests at a time (evaluate/stream-replay.ts).
 * DuckDB spills the files into request chunks in a temp folder (removed afterwards); each chunk is read, checked
 * and priced as `loadTrace` reads a trace, so the numbers are those of the in-memory replay (see README).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { ConfigError, TraceFormatError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { streamReplay } from '../evaluate/stream-replay.ts';
import { spillRequestChunks } from '../traces/engines/duckdb-spill.ts';
import type { TraceFormat } from '../traces/read-trace.ts';
import { humanStream, writeJsonTarget } from './io.ts';
import { loadTrace } from './load.ts';
import { progressBar } from './progress.ts';
import { renderResults, resultsCsv } from './render-results.ts';
import type { ReplayFlags } from './replay-flags.ts';
import { resolvePolicies } from './sandbox-options.ts';

/** Flags that need the whole trace in memory (or merge differently), refused with --chunk-requests. */
const WHOLE_TRACE = ['shard', 'workers', 'by', 'baseline', 'split', 'report', 'lengths'] as const;

/** The chunk size: an integer ≥ 1. */
export function chunkRequests(flag: string): number {
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(`--chunk-requests: expected a whole number of requests ≥ 1, got "${flag}"; e.g. 1000000`);
  return n;
}

/**
 * DuckDB's memory while it chunks the files: half of --max-memory (MB), else 512 MB. Beyond it DuckDB spills to
 * the temp folder, so a trace bigger than memory is chunked on disk.
 */
function duckDbMemory(maxMemory: string | undefined): string {
  const mb = maxMemory === undefined ? 1024 : Number(maxMemory);
  if (!(mb > 0)) throw new ConfigError(`--max-memory: expected a size in MB greater than 0, got "${maxMemory}"`);
  return `${Math.max(64, Math.round(mb / 2))}MB`;
}

/** Reading a chunk: a problem in it is a problem of the original files, whose lines the chunk does not keep. */
function asOriginal(err: unknown, paths: readonly string[]): unknown {
  if (!(err instanceof TraceFormatError)) return err;
  // The chunk's own place (its file, record number) means nothing to the user: keep the column and the value.
  const detail =
    err.message.slice(err.message.indexOf(': ') + 2).replace(/^record \d+: /, '') +
    ` — for every problem with its line, run routelab validate ${paths.join(' ')} (chunks do not keep lines)`;
  return new TraceFormatError({ file: paths.join(' '), ...(err.column ? { column: err.column } : {}) }, detail, {
    cause: err,
  });
}

/** Runs the streamed replay, then prints and writes like `replay`. */
export async function runStreamed(
  paths: readonly string[],
  flags: ReplayFlags,
  options: { seed: number; resamples: number },
): Promise<void> {
  const n = chunkRequests(flags.chunkRequests!);
  const clash = WHOLE_TRACE.find((f) => flags[f] !== undefined);
  if (clash) throw new ConfigError(`--chunk-requests: runs without --${clash} (it needs the whole trace in memory)`);
  const dir = await mkdtemp(join(tmpdir(), 'routelab-chunks-'));
  try {
    const chunks = await spillRequestChunks(paths, n, dir, {
      format: (flags.format ?? 'auto') as TraceFormat,
      memoryLimit: duckDbMemory(flags.maxMemory),
    });
    if (chunks.rows === 0) throw new TraceFormatError({ file: paths.join(' ') }, 'expected rows to replay, got none');
    const train = flags.train ? (await loadTrace([flags.train], flags, true)).trace : undefined;
    const policies = await resolvePolicies(flags.policy, flags);
    const chunkFlags = { ...flags, format: 'parquet', engine: flags.engine ?? 'auto' };
    const bar = progressBar('replaying chunks');
    let results: Awaited<ReturnType<typeof streamReplay>>;
    try {
      results = await streamReplay(policies, {
        seed: options.seed,
        resamples: options.resamples,
        path: paths.join(' '),
        version: VERSION,
        ...(train ? { train } : {}),
        chunks: chunks.files.length,
        readChunk: async (k) => {
          try {
            return (await loadTrace([chunks.files[k]!], chunkFlags, true)).trace;
          } catch (err) {
            throw asOriginal(err, paths);
          }
        },
        onChunk: (pass, done, total) => bar.update((pass - 1) * total + done, 2 * total),
      });
    } finally {
      bar.stop();
    }
    if (flags.json) await writeJsonTarget(flags.json, results);
    if (flags.csv) await writeFileAtomic(flags.csv, resultsCsv(results));
    const out = humanStream(flags.json);
    out.write(renderResults(results));
    out.write(
      `streamed in ${results.streamed.chunks} chunks of ${n} requests; latency percentiles: ` +
        `${results.streamed.latencyPercentiles}\n`,
    );
    if (results.runs.some((r) => r.error !== undefined)) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
