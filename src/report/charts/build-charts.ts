/**
 * Which charts a set of inputs gets, in report order. A chart whose data is absent (no latency, no slices,
 * no per-time shares, no sweeps, no calibration) is left out rather than drawn empty. Replay charts are titled
 * by their dataset; with several replays their names also end in the dataset, so files do not overwrite each
 * other.
 */
import { basename } from 'node:path';
import type { SweepResults } from '../../metrics/types.ts';
import type { Chart, ReportInputs } from '../inputs/types.ts';
import { costQualityChart } from './cost-quality.ts';
import { latencyChart } from './latency.ts';
import { latencyCdfChart } from './latency-cdf.ts';
import { datasetLabel, distinctSlugs, forDataset } from './dataset-name.ts';
import { modelShareChart } from './model-share.ts';
import { shareOverTimeChart } from './share-over-time.ts';
import { sliceHeatmapChart } from './slice-heatmap.ts';
import { sweepCostChart } from './sweep-cost.ts';
import { deferralCurveChart } from './deferral-curve.ts';
import { reliabilityChart } from './reliability.ts';
import { p95VsLoadChart } from './p95-vs-load.ts';
import { simulationCharts } from './simulation-timeline.ts';

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
  // One replay keeps the plain file names; several are told apart by their dataset.
  const slugs = distinctSlugs(results.map((r) => r.trace.path));
  const groups: ChartGroup[] = results.map((r, i) => {
    const charts = [
      costQualityChart(r),
      modelShareChart(r),
      latencyChart(r),
      latencyCdfChart(r),
      shareOverTimeChart(r),
      sliceHeatmapChart(r, 'quality'),
      sliceHeatmapChart(r, 'cost'),
    ];
    const label = datasetLabel(r.trace.path);
    const slug = results.length > 1 ? slugs[i] : undefined;
    return {
      resultsIndex: i,
      charts: charts.filter((c): c is Chart => c !== null).map((c) => forDataset(c, label, slug)),
    };
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
