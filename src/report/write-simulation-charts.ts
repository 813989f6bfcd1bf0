/**
 * `routelab simulate --report <dir>`: the simulation's charts as <name>.vl.json, <name>.svg and <name>.png
 * (the same rendering as the HTML report's charts; no timestamps, so reruns give byte-identical files).
 */
import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../core/atomic-write.ts';
import type { SimulationResults } from '../metrics/simulation-summary.ts';
import { p95VsLoadChart } from './charts/p95-vs-load.ts';
import { simulationCharts } from './charts/simulation-timeline.ts';
import { renderPng, renderSvg } from './charts/render.ts';

/** Writes the charts of `results` (and p95 vs load over `loadSweep` when it spans loads); returns the files. */
export async function writeSimulationCharts(
  results: SimulationResults,
  loadSweep: readonly SimulationResults[],
  outDir: string,
): Promise<string[]> {
  const charts = simulationCharts(results);
  const vsLoad = p95VsLoadChart(loadSweep);
  if (vsLoad) charts.push(vsLoad);
  const files: string[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec, chart.name);
    const base = join(outDir, chart.name);
    await writeFileAtomic(`${base}.vl.json`, toJson(chart.spec));
    await writeFileAtomic(`${base}.svg`, svg);
    await writeFileAtomic(`${base}.png`, renderPng(svg));
    files.push(`${base}.vl.json`, `${base}.svg`, `${base}.png`);
  }
  return files;
}
