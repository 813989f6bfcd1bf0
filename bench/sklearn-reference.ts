/**
 * Runs bench/learn_sklearn.py (TF-IDF word 1–2-grams + LogisticRegression per model, Debian's
 * python3-sklearn) on a routelab split: the split goes to Python through a temp JSONL file, the test
 * probabilities come back row-major [test × M].
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceFeatureInput } from '../src/learn/features/input.ts';
import { buildLabels } from '../src/learn/labels.ts';
/** Request indices of the train, calibration and test parts. */
interface RequestSplit {
  readonly train: Uint32Array;
  readonly calibration: Uint32Array;
  readonly test: Uint32Array;
}
import type { Trace } from '../src/traces/trace.ts';

export interface SklearnReference {
  readonly fitWallS: number;
  readonly fitCpuS: number;
  readonly vectorizeWallS: number;
  readonly totalWallS: number;
  readonly totalCpuS: number;
  readonly peakRssMb: number;
  readonly features: number;
  readonly nnzPerRow: number;
  readonly auc: readonly (number | null)[];
  readonly prob: Float64Array;
}

/** The reference fitted on split.train and scored on split.test, or the reason it could not run. */
export function sklearnReference(
  trace: Trace,
  split: RequestSplit,
  codes: readonly number[],
): SklearnReference | string {
  const M = codes.length;
  const dir = mkdtempSync(join(tmpdir(), 'routelab-sk-'));
  try {
    const lines: string[] = [];
    for (const [s, rs] of [
      ['train', split.train],
      ['calibration', split.calibration],
      ['test', split.test],
    ] as const) {
      const lb = buildLabels(trace, rs, codes, 'binary');
      rs.forEach((r, i) => {
        const y = Array.from(lb.y.subarray(i * M, (i + 1) * M));
        const m = Array.from(lb.mask.subarray(i * M, (i + 1) * M));
        lines.push(JSON.stringify({ s, p: traceFeatureInput(trace, r).prompt ?? '', y, m }));
      });
    }
    writeFileSync(join(dir, 'split.jsonl'), `${lines.join('\n')}\n`);
    const py = spawnSync(
      '/usr/bin/python3',
      [new URL('./learn_sklearn.py', import.meta.url).pathname, join(dir, 'split.jsonl'), join(dir, 'prob.f64')],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (py.status !== 0) return py.stderr.trim().split('\n').pop() ?? py.error?.message ?? 'python3 failed';
    const prob = new Float64Array(readFileSync(join(dir, 'prob.f64')).buffer.slice(0));
    return { ...JSON.parse(py.stdout), prob };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
