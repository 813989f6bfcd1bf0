import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../core/atomic-write.ts';
import type { CanonicalColumn, NumberColumn, Trace } from './trace.ts';
import { CANONICAL_COLUMNS, STATUSES } from './trace.ts';

/**
 * Writes a Trace as canonical long CSV (docs/ARCHITECTURE.md, "The trace"): the canonical columns the trace has, in
 * canonical
 * order, then `tokens_estimated` / `cost_estimated` (0/1) when any row carries that flag, then the tags.
 * Rows go out request by request; request-level values (timestamp as ISO-8601 UTC, prompt, task) are
 * repeated on every row so each row stands alone. Numbers use JavaScript's shortest round-trip form,
 * so reading the file back gives the same doubles. A `.gz` path is gzipped at level 9; Node writes no
 * mtime or file name into the gzip header, so equal traces give byte-identical files.
 */
export async function writeTrace(trace: Trace, path: string): Promise<void> {
  const csv = formatTraceCsv(trace);
  await writeFileAtomic(path, path.endsWith('.gz') ? gzipSync(Buffer.from(csv, 'utf8'), { level: 9 }) : csv);
}

type Cell = (row: number) => string;

/** The CSV text `writeTrace` writes (LF line ends, RFC 4180 quoting). */
export function formatTraceCsv(trace: Trace): string {
  const columns: [string, Cell][] = [];
  for (const col of CANONICAL_COLUMNS) {
    if (col === 'request_id' || col === 'model' || trace.present.has(col))
      columns.push([col, canonicalCell(trace, col)]);
  }
  if (trace.tokensEstimated.includes(1)) columns.push(['tokens_estimated', (i) => String(trace.tokensEstimated[i])]);
  if (trace.costEstimated.includes(1)) columns.push(['cost_estimated', (i) => String(trace.costEstimated[i])]);
  for (const tag of trace.tags)
    columns.push([tag.name, (i) => (tag.codes[i] === -1 ? '' : tag.values[tag.codes[i]!]!)]);

  const lines: string[] = [columns.map(([name]) => quote(name)).join(',')];
  for (let i = 0; i < trace.rowCount; i++) lines.push(columns.map(([, cell]) => quote(cell(i))).join(','));
  return `${lines.join('\n')}\n`;
}

function canonicalCell(t: Trace, col: CanonicalColumn): Cell {
  const num =
    (a: NumberColumn): Cell =>
    (i) =>
      Number.isNaN(a[i]!) ? '' : String(a[i]);
  const req = (i: number): number => t.rowRequest[i]!;
  switch (col) {
    case 'request_id':
      return (i) => t.requestIds[req(i)]!;
    case 'model':
      return (i) => t.modelNames[t.rowModel[i]!]!;
    case 'timestamp':
      return (i) => {
        const ms = t.requestTimestampMs[req(i)]!;
        return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
      };
    case 'prompt':
      return (i) => t.prompts[req(i)] ?? '';
    case 'task':
      return (i) => (t.requestTask[req(i)] === -1 ? '' : t.taskNames[t.requestTask[req(i)]!]!);
    case 'quality':
      return num(t.quality);
    case 'input_tokens':
      return num(t.inputTokens);
    case 'output_tokens':
      return num(t.outputTokens);
    case 'reasoning_tokens':
      return num(t.reasoningTokens);
    case 'cached_input_tokens':
      return num(t.cachedInputTokens);
    case 'cost_usd':
      return num(t.costUsd);
    case 'latency_ms':
      return num(t.latencyMs);
    case 'ttft_ms':
      return num(t.ttftMs);
    case 'status':
      return (i) => STATUSES[t.status[i]!]!;
    case 'propensity':
      return num(t.propensity);
    case 'attempt':
      return (i) => String(t.attempt[i]);
  }
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function quote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
