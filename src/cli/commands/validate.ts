import type { Command } from 'commander';
import { describeTrace, type TraceDescription } from '../../traces/describe.ts';
import type { PricingReport } from '../../traces/pricing.ts';
import { count, ms, pct, table, usd } from '../format.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { loadTrace } from '../load.ts';

interface ValidateFlags {
  format?: string;
  lenient?: boolean;
  prices?: string;
  json?: string;
}

function render(d: TraceDescription, pricing: PricingReport | undefined): string {
  const present = Object.entries(d.present).map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`).join(', ');
  let out = `${d.sources.join(', ')}\n`;
  out += `${count(d.requests)} requests, ${count(d.rows)} rows, ${d.models.length} models, ${d.tasks} tasks\n`;
  out += `matrix completeness ${pct(d.matrixCompleteness)}${d.fullInformation ? ' (full information)' : ' (logged / partial)'}\n`;
  out += `columns: ${present}${d.tags.length ? `; tags: ${d.tags.join(', ')}` : ''}\n\n`;
  out += table(
    ['model', 'rows', 'requests', 'quality', 'cost total', 'estimated', 'latency p50'],
    d.models.map((m) => [
      m.model, count(m.rows), count(m.requests), pct(m.qualityMean),
      m.costRows ? usd(m.costUsdTotal) : '–',
      m.costRows ? pct(m.costEstimatedRows / m.costRows, 0) : '–',
      ms(m.latencyMsP50),
    ]),
  );
  if (pricing && pricing.unknownModels.length) out += `\nno price for: ${pricing.unknownModels.join(', ')}\n`;
  if (d.warnings.length) {
    out += `\n${d.warnings.length} kind(s) of warning:\n`;
    for (const w of d.warnings) out += `  warning [${w.code}] ×${count(w.count)}: ${w.message}\n`;
  } else {
    out += '\nno warnings\n';
  }
  return out;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('read traces strictly and summarise them (requests, rows, models, completeness, warnings)')
    .argument('<trace...>', 'trace files: .csv .tsv .jsonl .parquet (optionally .gz), or a wide evaluation matrix')
    .option('--format <format>', 'auto | csv | tsv | jsonl | parquet | wide', 'auto')
    .option('--lenient', 'skip bad rows and count each as a warning instead of failing')
    .option('--prices <table>', 'price table for rows without cost_usd (default: the bundled datasets/prices.json; "none" to skip)')
    .option('--json <file>', 'write the summary as JSON (- for stdout)')
    .action(async (paths: string[], flags: ValidateFlags) => {
      const { trace, pricing } = await loadTrace(paths, flags);
      const d = describeTrace(trace);
      if (flags.json) await writeJsonTarget(flags.json, { ...d, unknownPriceModels: pricing?.unknownModels ?? [] });
      humanStream(flags.json).write(render(d, pricing));
    });
}
