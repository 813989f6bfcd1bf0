/** `routelab report <results.json…> --out <dir> [--json <file>]`: charts, report.html and report.md from results. */
import type { Command } from 'commander';
import { VERSION } from '../../core/version.ts';
import type { ReportInputs } from '../../report/types.ts';
import { humanStream, writeJsonTarget } from '../io.ts';

/** Writes the report and prints the path of report.html; returns every file written, report.html first. */
export async function writeReportAndPrint(
  inputs: ReportInputs,
  outDir: string,
  out: NodeJS.WritableStream = process.stdout,
): Promise<{ html: string; files: string[] }> {
  // vega and arquero take ~1.5 s to load: only when a report is written.
  const { writeReport } = await import('../../report/write-report.ts');
  const written = await writeReport(inputs, outDir);
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
      const { readReportInputs } = await import('../../report/read-inputs.ts');
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
