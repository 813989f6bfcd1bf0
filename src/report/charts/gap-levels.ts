/**
 * The quality levels at 50/80/95% of the gap between the weak and the strong model (RouteLLM's PGR):
 * level(p) = q_weak + p · (q_strong − q_weak). The anchors are the single-model runs of a replay when one
 * is given, else the sweep's own end points (all-weak and all-strong calls).
 */
import type { ReplayResults, SweepResults } from '../../metrics/types.ts';

export const GAP_SHARES = ['50', '80', '95'] as const;

export interface GapLevel {
  readonly gap: (typeof GAP_SHARES)[number];
  readonly quality: number;
}

export interface GapAnchors {
  readonly weakQuality: number;
  readonly strongQuality: number;
  readonly levels: readonly GapLevel[];
}

function singleQuality(results: readonly ReplayResults[], model: string): number | null {
  for (const r of results) {
    for (const run of [...(r.references.singles ?? []), ...r.runs]) {
      if (run.modelShare[model] === 1 && run.quality.mean !== null) return run.quality.mean;
    }
  }
  return null;
}

function endPointQuality(sweep: SweepResults, model: string | undefined, want: 'min' | 'max'): number | null {
  const known = sweep.points.filter((p) => p.quality !== null);
  if (known.length === 0) return null;
  const share = (p: (typeof known)[number]): number => (model === undefined ? 0 : (p.modelShare[model] ?? 0));
  const byCost = [...known].sort((a, b) => share(a) - share(b) || a.costUsd - b.costUsd);
  return (want === 'min' ? byCost[0]! : byCost[byCost.length - 1]!).quality;
}

/** The gap levels of a sweep, or null when its weak and strong qualities are unknown or equal. */
export function gapAnchors(sweep: SweepResults, results: readonly ReplayResults[] = []): GapAnchors | null {
  const weakQuality =
    (sweep.weak === undefined ? null : singleQuality(results, sweep.weak)) ??
    endPointQuality(sweep, sweep.strong, 'min');
  const strongQuality =
    (sweep.strong === undefined ? null : singleQuality(results, sweep.strong)) ??
    endPointQuality(sweep, sweep.strong, 'max');
  if (weakQuality === null || strongQuality === null || weakQuality === strongQuality) return null;
  return {
    weakQuality,
    strongQuality,
    levels: GAP_SHARES.map((gap) => ({
      gap,
      quality: weakQuality + (Number(gap) / 100) * (strongQuality - weakQuality),
    })),
  };
}
