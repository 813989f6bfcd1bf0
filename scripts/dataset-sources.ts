/**
 * What scripts/build-datasets.ts shares across its conversions: where the raw data and the output are (from
 * `--raw` / `--out` or the defaults), readers of upstream files, strict cell parsers, and a trace builder.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { TraceBuilder, emptyRow } from '../src/traces/builder.ts';
import type { RowInput } from '../src/traces/builder.ts';
import type { Trace } from '../src/traces/trace.ts';

export const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
export const RAW = resolve(flag('--raw') ?? process.env.ROUTELAB_DATASETS_RAW ?? join(root, '../shared/datasets-raw'));
export const OUT = resolve(flag('--out') ?? join(root, 'datasets'));
export const raw = (p: string): string => join(RAW, p);

export type Rec = Record<string, string>;
export const readCsv = async (p: string): Promise<Rec[]> =>
  parse(await readFile(raw(p), 'utf8'), { columns: true, skip_empty_lines: true }) as Rec[];
export const readJson = async (p: string): Promise<unknown> => JSON.parse(await readFile(raw(p), 'utf8'));

/** A number parsed from an upstream cell; throws (naming the file) instead of letting NaN through. */
export function num(s: string | undefined, where: string): number {
  const n = Number(s);
  if (s === undefined || s.trim() === '' || !Number.isFinite(n))
    throw new Error(`${where}: expected a number, got ${JSON.stringify(s)}`);
  return n;
}

export function bool01(s: string | undefined, where: string): number {
  if (s === 'True') return 1;
  if (s === 'False') return 0;
  throw new Error(`${where}: expected True or False, got ${JSON.stringify(s)}`);
}

export function build(
  name: string,
  fill: (add: (row: Partial<RowInput>) => void) => void,
  tokensEstimated = false,
): Trace {
  const b = new TraceBuilder();
  const src = b.addSource(`datasets/${name}.csv.gz`);
  let line = 1;
  fill((row) => b.add({ ...emptyRow(), ...row }, src, ++line));
  const trace = b.finish();
  // Every token count of these datasets came from the tokenizer; the flag travels as a column.
  if (tokensEstimated) trace.tokensEstimated.fill(1);
  return trace;
}
