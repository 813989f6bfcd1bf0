/**
 * Writes a report folder: report.html (self-contained), report.md, and every chart as <name>.vl.json,
 * <name>.svg and <name>.png. Each file goes through a temp file and a rename; nothing carries a timestamp,
 * so the same inputs give byte-identical files.
 *
 *   inputs ─ buildCharts ─ specs ─ renderSvg ─ renderPng
 *      └──── buildDocument (tables: arquero) ─ renderHtml / renderMarkdown
 */
import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../core/atomic-write.ts';
import type { ReportInputs } from './types.ts';
import { buildCharts } from './build-charts.ts';
import { renderPng, renderSvg } from './render.ts';
import { buildDocument } from './document.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { vendorScripts } from './vendor-scripts.ts';
import { ConfigError } from '../core/errors.ts';

export interface WrittenReport {
  /** Every file written, report.html first. */
  readonly files: string[];
  /** Path of report.html. */
  readonly html: string;
}

export async function writeReport(inputs: ReportInputs, outDir: string): Promise<WrittenReport> {
  const files = (inputs.results?.length ?? 0) + (inputs.sweeps?.length ?? 0) + (inputs.simulations?.length ?? 0);
  if (files === 0 && inputs.calibration === undefined) {
    throw new ConfigError(
      'report: expected at least one replay, sweep, simulation or calibration results file, got none',
    );
  }
  const groups = buildCharts(inputs);
  const svgs = new Map<string, string>();
  const chartFiles: string[] = [];
  for (const chart of groups.flatMap((g) => g.charts)) {
    const svg = await renderSvg(chart.spec, chart.name);
    svgs.set(chart.name, svg);
    const base = join(outDir, chart.name);
    await writeFileAtomic(`${base}.vl.json`, toJson(chart.spec));
    await writeFileAtomic(`${base}.svg`, svg);
    await writeFileAtomic(`${base}.png`, renderPng(svg));
    chartFiles.push(`${base}.vl.json`, `${base}.svg`, `${base}.png`);
  }
  const doc = buildDocument(inputs, groups, svgs);
  const html = join(outDir, 'report.html');
  const md = join(outDir, 'report.md');
  await writeFileAtomic(html, renderHtml(doc, await vendorScripts()));
  await writeFileAtomic(md, renderMarkdown(doc));
  return { files: [html, md, ...chartFiles], html };
}
