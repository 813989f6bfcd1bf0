/**
 * Which charts a set of inputs gets, in report order. A chart whose data is absent (no latency, no slices,
 * no per-time shares, no sweeps, no calibration) is left out rather than drawn empty. With several replay
 * results the names get `-2`, `-3`, … so the files do not overwrite each other.
 */
import { basename } from 'node:path';
import type { SweepResults } from '../metrics/types.ts';
import type { Chart, ReportInputs } from './types.ts';
import { costQualityChart } from './charts/cost-quality.ts';
import { latencyChart } from './charts/latency.ts';
import { modelShareChart } from './charts/model-share.ts';
import { shareOverTimeChart } from './charts/share-over-time.ts';
import { sliceHeatmapChart } from './charts/slice-heatmap.ts';
import { sweepCostChart } from './charts/sweep-cost.ts';
import { deferralCurveChart } from './charts/deferral-curve.ts';
import { reliabilityChart } from './charts/reliability.ts';
import { p95VsLoadChart } from './charts/p95-vs-load.ts';
import { simulationCharts } from './charts/simulation-timeline.ts';

export interface ChartGroup {
  /** Index into `inputs.results` for replay charts; absent for sweeps and calibration. */
  readonly resultsIndex?: number;
  readonly charts: readonly Chart[];
}

/**
 * Sweeps are drawn one line per policy name, so the same policy swept on two traces would join into one
 * line: such sweeps are named after their trace (or their position when the file does not say).
 */
function distinctSweepNames(sweeps: readonly SweepResults[]): SweepResults[] {
  const seen = new Map<string, number>();
  for (const s of sweeps) seen.set(s.policy, (seen.get(s.policy) ?? 0) + 1);
  return sweeps.map((s, i) =>
    seen.get(s.policy)! > 1 ? { ...s, policy: `${s.policy} [${s.trace ? basename(s.trace) : `#${i + 1}`}]` } : s,
  );
}

export function buildCharts(inputs: ReportInputs): ChartGroup[] {
  const results = inputs.results ?? [];
  const groups: ChartGroup[] = results.map((r, i) => {
    const suffix = i === 0 ? '' : `-${i + 1}`;
    const charts = [
      costQualityChart(r, `cost-quality${suffix}`),
      modelShareChart(r, `model-share${suffix}`),
      latencyChart(r, `latency${suffix}`),
      shareOverTimeChart(r, `share-over-time${suffix}`),
      sliceHeatmapChart(r, 'quality', `slice-quality${suffix}`),
      sliceHeatmapChart(r, 'cost', `slice-cost${suffix}`),
    ];
    return { resultsIndex: i, charts: charts.filter((c): c is Chart => c !== null) };
  });
  const sweeps = distinctSweepNames(inputs.sweeps ?? []);
  if (sweeps.length > 0) {
    const charts = [sweepCostChart(sweeps, results), deferralCurveChart(sweeps, results)];
    groups.push({ charts: charts.filter((c): c is Chart => c !== null) });
  }
  const simulations = inputs.simulations ?? [];
  simulations.forEach((s, i) => groups.push({ charts: simulationCharts(s, i === 0 ? '' : `-${i + 1}`) }));
  const vsLoad = p95VsLoadChart(simulations.flatMap((s) => [s, ...(s.loadSweep ?? [])]));
  if (vsLoad) groups.push({ charts: [vsLoad] });
  if (inputs.calibration) groups.push({ charts: [reliabilityChart(inputs.calibration)] });
  return groups;
}
