import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, LabError } from '../../core/errors.ts';
import { describeTrace, type TraceDescription } from '../../traces/describe.ts';
import { LOG_FORMATS, sniffLogFormat } from '../../traces/log-read.ts';
import { readPriceTable } from '../../traces/price-table.ts';
import type { PricingReport } from '../../traces/price-trace.ts';
import { count, ms, pct, table, usd } from '../format.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import type { FileEngine } from '../../traces/engines/read-with-engine.ts';
import { loadTrace } from '../load.ts';
import { withTraceOptions } from '../common-flags.ts';
import { checkOutputPaths } from '../output-paths.ts';

interface ValidateFlags {
  format?: string;
  lenient?: boolean;
  prices?: string;
  engine?: string;
  json?: string;
  together?: boolean;
}

type Kind = 'trace' | 'price-table' | 'skip';

/**
 * What an argument is, so `routelab validate datasets/*` checks every trace and price table in a folder and
 * passes over its README, licences and sub-folders (saying so) instead of failing on them.
 */
function kindOf(path: string): { kind: Kind; why?: string } {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    // Only a missing or unreadable path lands here; the reader reports it with its path and reason.
    if ((err as NodeJS.ErrnoException).code === undefined) throw err;
    return { kind: 'trace' };
  }
  if (isDir) return { kind: 'skip', why: 'a folder' };
  const name = basename(path).toLowerCase();
  if (/\.json(\.gz)?$/.test(name)) return { kind: 'price-table' };
  if (/\.(md|txt|rst|html)$/.test(name) || /^(license|licence|copying|notice)/.test(name))
    return { kind: 'skip', why: 'documentation' };
  return { kind: 'trace' };
}

/** A .json file is a gateway log (OpenRouter, LiteLLM, Langfuse export) when named so or when it reads as one. */
async function logOrKind(path: string, format: string | undefined): Promise<{ kind: Kind; why?: string }> {
  const k = kindOf(path);
  if (k.kind !== 'price-table') return k;
  const named = (LOG_FORMATS as readonly string[]).includes(format ?? '');
  return named || (await sniffLogFormat(path)) ? { kind: 'trace' } : k;
}

function render(d: TraceDescription, pricing: PricingReport | undefined): string {
  const present = Object.entries(d.present)
    .map(([k, v]) => `${k.replace(/Tokens$/, ' tokens')} ${v ? 'yes' : 'no'}`)
    .join(', ');
  let out = `${d.sources.join(', ')}\n`;
  out += `${count(d.requests)} requests, ${count(d.rows)} rows, ${d.models.length} models, ${d.tasks} tasks\n`;
  const kind = d.fullInformation ? ' (full information)' : ' (logged / partial)';
  out +=
    d.rows === 0
      ? 'matrix completeness – (no rows left: every row was skipped; see the warnings)\n'
      : `matrix completeness ${pct(d.matrixCompleteness)}${kind}\n`;
  out += `columns: ${present}${d.tags.length ? `; tags: ${d.tags.join(', ')}` : ''}\n\n`;
  out += table(
    [
      'model',
      'rows',
      'requests',
      'errors',
      'input tok',
      'output tok',
      'quality',
      'cost total',
      'estimated',
      'latency p50',
    ],
    d.models.map((m) => [
      m.model,
      count(m.rows),
      count(m.requests),
      count(m.errorRows),
      count(m.inputTokensTotal),
      count(m.outputTokensTotal),
      pct(m.qualityMean),
      m.costRows ? usd(m.costUsdTotal) : '–',
      m.costRows ? pct(m.costEstimatedRows / m.costRows, 0) : '–',
      ms(m.latencyMsP50),
    ]),
  );
  if (pricing?.unknownModels.length) out += `\nno price for: ${pricing.unknownModels.join(', ')}\n`;
  if (d.warnings.length) {
    out += `\n${d.warnings.length} kind(s) of warning:\n`;
    for (const w of d.warnings) out += `  warning [${w.code}] ×${count(w.count)}: ${w.message}\n`;
  } else {
    out += '\nno warnings\n';
  }
  return out;
}

/** Which reader engine read each file, and why DuckDB left a file to the JS reader. */
function readBy(engines: readonly FileEngine[]): string {
  return engines.map((e) => `read by ${e.engine}: ${e.path}${e.reason ? ` (${e.reason})` : ''}\n`).join('');
}

export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .description('read traces strictly and summarise them (requests, rows, models, completeness, warnings)')
    .argument(
      '<trace...>',
      'trace files: .csv .tsv .jsonl .parquet (optionally .gz), a wide evaluation matrix, or a gateway log ' +
        '(OpenRouter, LiteLLM, OpenTelemetry, Langfuse export: .json .jsonl .csv)',
    )
    .option(
      '--prices <table>',
      'price table for rows without cost_usd (default: the bundled datasets/prices.json; "none" to skip)',
    )
    .option('--json <file>', 'write the summary as JSON (- for stdout)')
    .option('--together', 'read all trace files as one trace (parts of one log) instead of one by one');
  withTraceOptions(cmd).action(async (paths: string[], flags: ValidateFlags) => {
    checkOutputPaths(flags);
    const out = humanStream(flags.json);
    const kinds = await Promise.all(paths.map(async (p) => ({ path: p, ...(await logOrKind(p, flags.format)) })));
    const traces = kinds.filter((k) => k.kind === 'trace').map((k) => k.path);
    if (traces.length === 0 && !kinds.some((k) => k.kind === 'price-table')) {
      throw new ConfigError(
        `validate: expected a trace or price table among ${paths.join(', ')}, got only ` +
          `${kinds.map((k) => k.why).join(' and ')}`,
      );
    }
    const groups = flags.together ? (traces.length ? [traces] : []) : traces.map((t) => [t]);
    const summaries: unknown[] = [];
    const failures: string[] = [];
    for (const group of groups) {
      try {
        const { trace, pricing, engines } = await loadTrace(group, flags);
        const d = describeTrace(trace);
        summaries.push({ ...d, unknownPriceModels: pricing?.unknownModels ?? [], engines });
        out.write(render(d, pricing) + readBy(engines) + (groups.length > 1 ? '\n' : ''));
      } catch (err) {
        // Several files: report this one and go on, so one bad file does not hide the state of the others.
        if (groups.length === 1 || !(err instanceof LabError)) throw err;
        failures.push(err.message);
        process.stderr.write(`routelab: ${err.message}\n`);
        for (const p of (err as { problems?: readonly string[] }).problems?.slice(1) ?? [])
          process.stderr.write(`  also: ${p}\n`);
      }
    }
    const priceTables: unknown[] = [];
    for (const k of kinds.filter((x) => x.kind === 'price-table')) {
      try {
        const table = await readPriceTable(k.path);
        priceTables.push({ path: k.path, version: table.version, models: table.entries.length });
        out.write(`${k.path}: price table "${table.version}", ${count(table.entries.length)} prices\n`);
      } catch (err) {
        if (!(err instanceof LabError)) throw err;
        failures.push(err.message);
        process.stderr.write(`routelab: ${err.message}\n`);
      }
    }
    const skipped = kinds.filter((k) => k.kind === 'skip').map((k) => ({ path: k.path, why: k.why! }));
    for (const k of skipped) out.write(`${k.path}: skipped (${k.why})\n`);
    if (flags.json) {
      const single = summaries.length === 1 && priceTables.length === 0 && failures.length === 0;
      await writeJsonTarget(
        flags.json,
        single ? summaries[0] : { traces: summaries, priceTables, skipped, errors: failures },
      );
    }
    if (failures.length) process.exitCode = 1;
  });
}
