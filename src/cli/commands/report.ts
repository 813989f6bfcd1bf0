/** `routelab report <results.json…> --out <dir> [--json <file>]`: charts, report.html and report.md from results. */
import type { Command } from 'commander';
import { VERSION } from '../../core/version.ts';
import type { ReportInputs } from '../../report/inputs/types.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { checkOutputPaths } from '../output-paths.ts';

/** Writes the report and prints the path of report.html; returns every file written, report.html first. */
export async function writeReportAndPrint(
  inputs: ReportInputs,
  outDir: string,
  out: NodeJS.WritableStream = process.stdout,
): Promise<{ html: string; files: string[] }> {
  // vega and arquero are slow to load: only when a report is written.
  const { stageReport } = await import('../../report/write-report.ts');
  const written = await (await stageReport(inputs, outDir, '--out')).commit();
  out.write(`${written.html}\n`);
  return written;
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'Write report.html (self-contained), report.md and the charts (.vl.json, .svg, .png) from results files',
    )
    .argument('<results...>', 'replay results, sweep results or calibration JSON files')
    .requiredOption('--out <dir>', 'folder to write the report into')
    .option('--json <file>', 'write what was written (inputs, report.html, every file) as JSON (- for stdout)')
    .action(async (files: string[], opts: { out: string; json?: string }) => {
      checkOutputPaths(opts);
      const { readReportInputs } = await import('../../report/inputs/read-inputs.ts');
      const written = await writeReportAndPrint(await readReportInputs(files), opts.out, humanStream(opts.json));
      if (opts.json)
        await writeJsonTarget(opts.json, {
          routelab: VERSION,
          inputs: files,
          out: opts.out,
          html: written.html,
          files: written.files,
        });
    });
}
