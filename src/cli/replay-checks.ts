/**
 * Warnings a replay adds to its results (`trace.warnings`) about how far its numbers can be believed:
 * policies scored on requests they were trained on, and a learned router's cost target met on its
 * calibration split but missed on the replayed traffic.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { overlapWith, readSeenRequests, seenRequestsOf, type Overlap } from '../evaluate/seen-requests.ts';
import { manifestSchema, type Manifest } from '../learn/manifest.ts';
import { traceSha256 } from '../learn/trace-hash.ts';
import type { RunResult, TraceSummary } from '../metrics/types.ts';
import { parseSpec } from '../policy/spec.ts';
import type { Trace } from '../traces/trace.ts';
import { pct, usd } from './format.ts';

type Warning = TraceSummary['warnings'][number];

const shares = (o: Overlap): string =>
  `by request id ${pct(o.byId / o.requests)}, by prompt ${pct(o.byPrompt / o.requests)}`;

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // An unreadable model directory fails its own run with the reason; nothing to add here.
    return undefined;
  }
}

/** `--train <file>` sharing requests with the replayed trace. */
export function trainOverlapWarning(test: Trace, train: Trace, trainPath: string): Warning | undefined {
  const o = overlapWith(test, seenRequestsOf(train));
  if (o.either === 0) return undefined;
  return {
    code: 'train-overlap',
    message:
      `${pct(o.either / o.requests)} of the replayed requests are also in --train ${trainPath} (${shares(o)}): ` +
      'policies that learn from it are scored on requests they have seen; replay traffic held out from training',
    count: o.either,
  };
}

/** A learned router replayed on requests it was trained on (by its seen-requests file, else the trace hash). */
async function learnedOverlap(dir: string, spec: string, test: Trace, m: Manifest): Promise<Warning | undefined> {
  const seen = await readSeenRequests(dir);
  const lead = `${spec} was trained on`;
  const remedy = 'its numbers here are inflated; replay traffic it has not seen';
  if (seen) {
    const o = overlapWith(test, seen);
    if (o.either === 0) return undefined;
    const message = `${lead} ${pct(o.either / o.requests)} of the replayed requests (${shares(o)}): ${remedy}`;
    return { code: 'learned-overlap', message, count: o.either };
  }
  if (m.trainingData.sha256 !== traceSha256(test)) return undefined;
  const { train, calibration, test: held } = m.trainingData.requests;
  const share = (train + calibration) / (train + calibration + held);
  return {
    code: 'learned-overlap',
    message:
      `${lead} this very trace (same SHA-256): ${pct(share)} of its requests were its training and ` +
      `calibration splits; ${remedy}`,
    count: train + calibration,
  };
}

/** The cost target a learned spec routes to, and the cost it reached on the calibration split when known. */
function costTarget(
  options: Readonly<Record<string, string>>,
  m: Manifest,
): { usd: number; calUsd?: number } | undefined {
  if (options['target-cost'] !== undefined) return { usd: Number(options['target-cost']) };
  if (['lambda', 'target-quality', 'max-share', 'models'].some((k) => options[k] !== undefined)) return undefined;
  if (m.route.target.type !== 'target-cost') return undefined;
  const cal = (m.evaluation as { calibrationSplit?: { costUsd?: unknown; targetMet?: unknown } } | null)
    ?.calibrationSplit;
  const calUsd = cal?.targetMet === true && typeof cal.costUsd === 'number' ? cal.costUsd : undefined;
  return { usd: m.route.target.costUsd, ...(calUsd === undefined ? {} : { calUsd }) };
}

/** Warnings for every `learned:<dir>` run: training overlap, and a cost target missed on this traffic. */
export async function learnedWarnings(
  specs: readonly string[],
  runs: readonly RunResult[],
  test: Trace,
): Promise<Warning[]> {
  const out: Warning[] = [];
  for (const [i, source] of specs.entries()) {
    const spec = parseSpec(source);
    if (spec.kind !== 'builtin' || spec.name !== 'learned') continue;
    const m = await readManifest(spec.arg);
    if (!m) continue;
    const overlap = await learnedOverlap(spec.arg, source, test, m);
    if (overlap) out.push(overlap);
    const run = runs[i];
    const target = costTarget(spec.options, m);
    if (!run || run.error !== undefined || !target || !(run.costUsd.perRequest > target.usd)) continue;
    const met = target.calUsd === undefined ? '' : ` (met on its calibration split: ${usd(target.calUsd)}/request)`;
    const over = pct(run.costUsd.perRequest / target.usd - 1);
    out.push({
      code: 'target-cost-missed',
      message:
        `${source} targets at most ${usd(target.usd)}/request${met} but costs ` +
        `${usd(run.costUsd.perRequest)}/request on the replayed traffic (+${over})`,
      count: 1,
    });
  }
  return out;
}
