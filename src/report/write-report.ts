/**
 * Writes a report folder: report.html (self-contained), report.md, and every chart as <name>.vl.json,
 * <name>.svg and <name>.png, rendered into a temp folder and swapped in whole; nothing carries a timestamp,
 * so the same inputs give byte-identical files.
 *
 *   inputs ─ buildCharts ─ specs ─ renderSvg ─ renderPng
 *      └──── buildDocument (tables: arquero) ─ renderHtml / renderMarkdown
 *
 * Folders by role: inputs/ (reading results files, the report's types), charts/ (the points drawn and one
 * vega-lite spec per chart, rendering), tables/ (one table per file), html/ (the document, report.html and
 * report.md). This file is the only entry.
 */
import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../core/atomic-write.ts';
import { checkReplaceable, stageFolder } from '../core/atomic-folder.ts';
import { buildCharts } from './charts/build-charts.ts';
import { renderPng, renderSvg } from './charts/render.ts';
import { buildDocument } from './html/document.ts';
import { renderHtml } from './html/html.ts';
import { renderMarkdown } from './html/markdown.ts';
import { vendorScripts } from './html/vendor-scripts.ts';
import type { ReportInputs } from './inputs/types.ts';
import { REPORT_FILES } from './report-files.ts';
import { ConfigError } from '../core/errors.ts';

export interface WrittenReport {
  /** Every file written, report.html first. */
  readonly files: string[];
  /** Path of report.html. */
  readonly html: string;
}

/** A report rendered into a temp folder beside `outDir`; `commit` swaps it in whole. */
export interface StagedReport {
  commit(): Promise<WrittenReport>;
  discard(): Promise<void>;
}

/**
 * Writes the report folder `outDir`, replacing an earlier report there as a whole; a folder holding other
 * files is refused (ConfigError), never emptied.
 */
export async function writeReport(inputs: ReportInputs, outDir: string): Promise<WrittenReport> {
  return (await stageReport(inputs, outDir)).commit();
}

/**
 * Renders the report into a temp folder, so that a command can write its other outputs next and only then
 * swap the report in: a run killed midway never leaves new results beside an old report.
 */
export async function stageReport(inputs: ReportInputs, outDir: string, flag = '--report'): Promise<StagedReport> {
  const files = (inputs.results?.length ?? 0) + (inputs.sweeps?.length ?? 0) + (inputs.simulations?.length ?? 0);
  if (files === 0 && inputs.calibration === undefined) {
    throw new ConfigError(
      'report: expected at least one replay, sweep, simulation or calibration results file, got none',
    );
  }
  checkReplaceable(outDir, REPORT_FILES, flag);
  const staged = await stageFolder(outDir);
  try {
    const names = await writeInto(inputs, staged.tmp);
    return {
      commit: async () => {
        await staged.commit();
        const files = names.map((n) => join(outDir, n));
        return { files, html: files[0]! };
      },
      discard: () => staged.discard(),
    };
  } catch (err) {
    await staged.discard();
    throw err;
  }
}

/**
 * Writes the report's files into `outDir` beside whatever else it holds, each file atomically but not the
 * folder as a whole: for an output folder shared with other files, as the demo's is.
 */
export async function writeReportInPlace(inputs: ReportInputs, outDir: string): Promise<WrittenReport> {
  const files = (await writeInto(inputs, outDir)).map((n) => join(outDir, n));
  return { files, html: files[0]! };
}

/** Writes every file of the report into `outDir`; returns their names, report.html first. */
async function writeInto(inputs: ReportInputs, outDir: string): Promise<string[]> {
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
    chartFiles.push(`${chart.name}.vl.json`, `${chart.name}.svg`, `${chart.name}.png`);
  }
  const doc = buildDocument(inputs, groups, svgs);
  await writeFileAtomic(join(outDir, 'report.html'), renderHtml(doc, await vendorScripts()));
  await writeFileAtomic(join(outDir, 'report.md'), renderMarkdown(doc));
  return ['report.html', 'report.md', ...chartFiles];
}
