import type { Command } from 'commander';
import { policyMaker } from '../../policy/resolve-policy.ts';
import { builtinRegistry } from '../../../policies/index.ts';
import { ConfigError } from '../../core/errors.ts';
import { sweep } from '../../evaluate/sweep.ts';
import type { SweepResults } from '../../metrics/types.ts';
import { num, pct, table, usd } from '../format.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { progressBar } from '../progress.ts';
import { loadTrace } from '../load.ts';
import { parseFlags, sweepFlagsSchema } from '../flag-schemas.ts';
import { trainAndTest } from '../prepare.ts';
import { withTraceOptions, withTrainingOptions } from '../common-flags.ts';
import { checkOutputPaths } from '../output-paths.ts';
import { labelSimulatedSweep } from '../simulated-sweep.ts';

interface SweepFlags {
  policy: string;
  param: string;
  values: string;
  points?: string;
  strong?: string;
  weak?: string;
  train?: string;
  split?: string;
  seed?: string;
  prices?: string;
  json?: string;
  report?: string;
  format?: string;
  lenient?: boolean;
}

function parseValues(text: string): number[] | 'auto' {
  if (text === 'auto') return 'auto';
  const values = text.split(',').map((s) => s.trim());
  return values.map((s) => {
    const v = Number(s);
    if (s === '' || Number.isNaN(v))
      throw new ConfigError(`--values: expected "auto" or comma-separated numbers, got "${s}" in "${text}"`);
    return v;
  });
}

function render(r: SweepResults): string {
  const failures = r.failures ?? [];
  const ends = `strong ${r.strong ?? '?'}, weak ${r.weak ?? '?'}`;
  let out = `${r.policy}: sweep of ${r.param} over ${r.points.length + failures.length} values (${ends})\n\n`;
  const rows = [
    ...r.points.map((p) => ({
      value: p.value,
      cells: [
        num(p.value),
        pct(p.quality),
        p.ci95 ? `${pct(p.ci95[0])}–${pct(p.ci95[1])}` : '–',
        usd(p.costUsd),
        r.strong ? pct(p.modelShare[r.strong] ?? 0) : '–',
      ],
    })),
    ...failures.map((f) => ({ value: f.value, cells: [num(f.value), 'failed', '', '', ''] })),
  ].sort((a, b) => a.value - b.value);
  out += table(
    [r.param, 'quality', '95% CI', 'cost total', r.strong ? `share ${r.strong}` : 'strong share'],
    rows.map((row) => row.cells),
  );
  for (const f of failures) out += `${r.param} = ${num(f.value)} failed: ${f.error}\n`;
  const cpt = (['50', '80', '95'] as const).map((k) => `CPT(${k}%) ${pct(r.cpt[k])}`).join('   ');
  out += `\nAIQ ${num(r.aiq, 3)}   APGR ${num(r.apgr, 3)}   ${cpt}\n`;
  return out;
}

export function registerSweep(program: Command): void {
  const cmd = program
    .command('sweep')
    .description("draw a policy's cost–quality curve over one parameter, with APGR, CPT and AIQ")
    .argument('<trace...>', 'trace files (read as one trace)')
    .requiredOption('--policy <spec>', 'the policy to sweep, e.g. threshold:score?strong=a&weak=b or learned:models/x')
    .requiredOption(
      '--param <name>',
      'the option to vary (threshold, lambda, epsilon, k, …; "arg" for the positional argument)',
    )
    .option('--values <list>', 'comma-separated values, or "auto" for a grid spanning the whole curve', 'auto')
    .option('--points <n>', 'points of an auto grid', '21')
    .option('--strong <model>', "strong model for APGR/CPT (default: the policy's pair, else the best single model)")
    .option('--weak <model>', "weak model for APGR/CPT (default: the policy's pair, else the cheapest single model)")
    .option('--prices <table>', 're-price every row with this price table first')
    .option('--json <file>', 'write the curve as JSON (- for stdout)')
    .option('--report <dir>', 'also write the report with the sweep charts');
  withTrainingOptions(withTraceOptions(cmd)).action(async (paths: string[], flags: SweepFlags) => {
    checkOutputPaths(flags);
    const f = parseFlags(sweepFlagsSchema, flags);
    const values = parseValues(flags.values);
    const { trace } = await loadTrace(paths, flags, true);
    const { test, train } = await trainAndTest(trace, { ...flags, split: f.split, seed: f.seed });
    const bar = progressBar(`sweeping ${flags.param}`);
    const result = await sweep(test, flags.policy, flags.param, values, {
      seed: f.seed,
      makePolicy: policyMaker(builtinRegistry()),
      points: f.points,
      onProgress: (done, total) => bar.update(done, total),
      ...(train ? { train } : {}),
      ...(flags.strong ? { strong: flags.strong } : {}),
      ...(flags.weak ? { weak: flags.weak } : {}),
    }).finally(() => bar.stop());
    const { results: labelled, note } = labelSimulatedSweep(result, flags.policy);
    // Report rendered first, swapped in after the JSON (see replay); vega loads only when a report is asked for.
    const staged = flags.report
      ? await (await import('../../report/write-report.ts')).stageReport({ sweeps: [labelled] }, flags.report)
      : undefined;
    if (flags.json) await writeJsonTarget(flags.json, labelled);
    const out = humanStream(flags.json);
    out.write(render(result) + note);
    if (staged) out.write(`report: ${(await staged.commit()).html}\n`);
    // Failed points are in the output above; the run as a whole did not fully succeed.
    if (result.failures?.length) process.exitCode = 1;
  });
}
