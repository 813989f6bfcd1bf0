/** `routelab report <results.json…> --out <dir>`: charts, report.html and report.md from results files. */
import type { Command } from 'commander';
import type { ReportInputs } from '../../report/inputs/types.ts';
import { checkOutputPaths } from '../output-paths.ts';

/** Writes the report and prints the path of report.html; `routelab replay --report <dir>` calls this too. */
export async function writeReportAndPrint(
  inputs: ReportInputs,
  outDir: string,
  out: NodeJS.WritableStream = process.stdout,
): Promise<string> {
  // vega and arquero are slow to load: only when a report is written.
  const { stageReport } = await import('../../report/write-report.ts');
  const { html } = await (await stageReport(inputs, outDir, '--out')).commit();
  out.write(`${html}\n`);
  return html;
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'Write report.html (self-contained), report.md and the charts (.vl.json, .svg, .png) from results files',
    )
    .argument('<results...>', 'replay results, sweep results or calibration JSON files')
    .requiredOption('--out <dir>', 'folder to write the report into')
    .action(async (files: string[], opts: { out: string }) => {
      checkOutputPaths(opts);
      const { readReportInputs } = await import('../../report/inputs/read-inputs.ts');
      await writeReportAndPrint(await readReportInputs(files), opts.out);
    });
}
