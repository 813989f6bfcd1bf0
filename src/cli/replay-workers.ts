/**
 * `replay --workers N`: the replay run as N shard processes on this machine (`replay --shard k/N`), their
 * results merged as `routelab merge` would. The same shard command runs as a job on any batch system.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from '../core/errors.ts';
import type { MergedResults } from '../metrics/merge-results.ts';
import { mergeFiles } from './merge-files.ts';

const BIN = fileURLToPath(new URL('../../bin/routelab.js', import.meta.url));

/** Flags passed on to every shard unchanged (reading, training, seed and bootstrap). */
const PASSED = ['baseline', 'train', 'split', 'seed', 'prices', 'format', 'engine', 'resamples', 'by'] as const;

function run(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      // Progress bars go to stderr too: keep only the shard's last error line.
      const last =
        stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('routelab:'))
          .pop() ?? stderr.trim();
      if (code === 0) resolve();
      else reject(new LabError(`replay shard (${args.slice(-3, -2).join('')}) failed: ${last}`));
    });
  });
}

/** Runs the shards in parallel processes and merges their results. */
export async function replayWithWorkers(
  paths: readonly string[],
  flags: Record<string, unknown> & { policy: string[]; lenient?: boolean },
  workers: number,
): Promise<MergedResults> {
  const dir = await mkdtemp(join(tmpdir(), 'routelab-shards-'));
  try {
    const common = [...paths, ...flags.policy.flatMap((p) => ['--policy', p])];
    for (const f of PASSED) if (flags[f] !== undefined) common.push(`--${f}`, String(flags[f]));
    if (flags.lenient) common.push('--lenient');
    const outputs = Array.from({ length: workers }, (_, k) => join(dir, `shard-${k + 1}.json`));
    await Promise.all(
      outputs.map((out, k) => run(['replay', ...common, '--shard', `${k + 1}/${workers}`, '--json', out])),
    );
    return await mergeFiles(outputs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
