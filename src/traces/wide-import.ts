import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { emptyRow } from './builder.ts';
import type { RowInput } from './builder.ts';
import { costHandler, qualityHandler } from './columns.ts';
import type { Expectation } from './columns.ts';
import { checkHeaderNames, recordPrefix } from './header-check.ts';
import { NOT_A_NUMBER, toBooleanNumber, toNumber, toText } from './parse-values.ts';
import { describeCell } from './problems.ts';
import type { FileContext, RecordSink } from './record-sink.ts';

const SAMPLE_ID = 'sample_id';
const PROMPT = 'prompt';
const EVAL_NAME = 'eval_name';
const META = new Set([SAMPLE_ID, PROMPT, EVAL_NAME]);
const COST_SUFFIX = '|total_cost';
const RESPONSE_SUFFIXES = ['|model_response', '_response'];

// Token counts are for accounting only, so special-token text in a response is counted as plain text.
const TOKENIZE = { disallowedSpecial: new Set<string>() };
type CountTokens = typeof import('gpt-tokenizer')['countTokens'];
let tokenizer: CountTokens | undefined;
/**
 * gpt-tokenizer's default (o200k) encoder. Its tables take a few hundred ms to load, so it is required
 * synchronously (CommonJS build) the first time a file with response text needs it, not at import.
 */
function countTokens(text: string): number {
  tokenizer ??= (createRequire(import.meta.url)('gpt-tokenizer') as typeof import('gpt-tokenizer')).countTokens;
  return tokenizer(text, TOKENIZE);
}

/** True when a header looks like a wide matrix: no request_id/model, but a prompt-like column and others. */
export function looksWide(names: readonly string[]): boolean {
  if (names.includes('request_id') || names.includes('model')) return false;
  return names.some((n) => META.has(n)) && names.some((n) => !META.has(n));
}

interface ModelColumns {
  name: string;
  score: number;
  cost: number;
  response: number;
}

/**
 * The RouterBench / RouteLLM evaluation matrix: one row per prompt, one score column per model, with
 * optional `<model>|total_cost` and `<model>|model_response` (RouterBench) or `<model>_response`
 * (RouteLLM gsm8k) companions. Each non-empty score cell becomes one long-table row; an empty cell means
 * the model was not evaluated on that prompt, so it yields no row (never a zero).
 *
 * Which columns are models: when any column has a companion, exactly the columns with companions
 * (RouterBench also carries `oracle_model_to_route_to`, which then stays a tag); otherwise every column
 * whose first data cell is empty, a number or a boolean (RouteLLM's MMLU files have bare score
 * columns). Every other column is kept as a tag on every row.
 *
 * request_id = sample_id, or `<file name without extension>#<line>` without one; task = eval_name.
 * When the file has response text, input/output tokens are counted with gpt-tokenizer (o200k) and the
 * rows are marked tokensEstimated; without it, tokens stay absent.
 */
export class WideRowSink implements RecordSink {
  private names: readonly string[] = [];
  private models: ModelColumns[] = [];
  private tags: number[] = [];
  private companions = new Set<number>();
  private decided = false;
  private sampleIdx = -1;
  private promptIdx = -1;
  private evalIdx = -1;
  private hasResponses = false;
  private records = 0;
  private headerLine = 1;
  private readonly input: RowInput = emptyRow();
  private readonly idPrefix: string;
  private readonly failures: { column: string; expect: Expectation; value: unknown }[] = [];

  constructor(private readonly ctx: FileContext) {
    this.idPrefix = basename(ctx.path)
      .replace(/\.gz$/i, '')
      .replace(/\.(csv|tsv|tab|parquet)$/i, '');
  }

  header(names: readonly string[], line: number): boolean {
    this.headerLine = line;
    if (!checkHeaderNames(names, line, this.ctx)) return false;
    this.names = names;
    this.sampleIdx = names.indexOf(SAMPLE_ID);
    this.promptIdx = names.indexOf(PROMPT);
    this.evalIdx = names.indexOf(EVAL_NAME);
    const index = new Map(names.map((n, i) => [n, i]));
    const found: ModelColumns[] = [];
    names.forEach((name, i) => {
      if (META.has(name)) return;
      const cost = index.get(name + COST_SUFFIX) ?? -1;
      const response = RESPONSE_SUFFIXES.map((s) => index.get(name + s) ?? -1).find((j) => j >= 0) ?? -1;
      if (cost < 0 && response < 0) return;
      found.push({ name, score: i, cost, response });
      if (cost >= 0) this.companions.add(cost);
      if (response >= 0) this.companions.add(response);
    });
    if (found.length > 0) this.setModels(found);
    return true;
  }

  private setModels(models: ModelColumns[]): void {
    this.models = models;
    const isModel = new Set(models.map((m) => m.score));
    this.tags = this.names.flatMap((n, i) => (META.has(n) || isModel.has(i) || this.companions.has(i) ? [] : [i]));
    this.input.tags =
      this.tags.length === 0 ? undefined : Object.fromEntries(this.tags.map((i) => [this.names[i]!, '']));
    this.hasResponses = models.some((m) => m.response >= 0);
    this.decided = true;
  }

  /** Without companions, the first data row tells score columns (empty/number/boolean) from tags. */
  private decideFrom(cells: ArrayLike<unknown>): boolean {
    const models: ModelColumns[] = [];
    this.names.forEach((name, i) => {
      if (META.has(name)) return;
      const v = cells[i];
      const scoreLike =
        v === '' || v === null || v === undefined || toNumber(v) !== NOT_A_NUMBER || toBooleanNumber(v) !== undefined;
      if (scoreLike) models.push({ name, score: i, cost: -1, response: -1 });
    });
    this.decided = true;
    if (models.length === 0) {
      this.ctx.problems.fatal(
        { file: this.ctx.path, line: this.headerLine, column: this.names.find((n) => !META.has(n))! },
        'expected request_id and model columns (long format) or model score columns holding numbers or ' +
          `true/false (wide format), got columns ${this.names.map((n) => `"${n}"`).join(', ')}`,
      );
      return false;
    }
    this.setModels(models);
    return true;
  }

  row(cells: ArrayLike<unknown>, line: number): void {
    const { ctx, names, input: row } = this;
    this.records++;
    if (!this.decided && !this.decideFrom(cells)) return;
    if (this.models.length === 0) return; // header already reported as unusable
    if (cells.length !== names.length) {
      const got = cells.length;
      ctx.problems.row(
        { file: ctx.path, line, column: got < names.length ? names[got]! : `field ${names.length + 1}` },
        `expected ${names.length} fields as in the header, got ${got}`,
      );
      return;
    }
    const failures = this.failures;
    failures.length = 0;
    row.requestId = this.sampleIdx >= 0 ? toText(cells[this.sampleIdx]) : `${this.idPrefix}#${line}`;
    if (row.requestId === '')
      failures.push({ column: SAMPLE_ID, expect: { what: 'a non-empty sample_id' }, value: '' });
    const prompt = toText(cells[this.promptIdx]);
    row.prompt = prompt === '' ? undefined : prompt;
    const task = toText(cells[this.evalIdx]);
    row.task = task === '' ? undefined : task;
    if (row.tags) for (const i of this.tags) row.tags[names[i]!] = toText(cells[i]);

    const scored: ModelColumns[] = [];
    for (const m of this.models) {
      const score = cells[m.score];
      if (score === '' || score === null || score === undefined) continue;
      const fail = qualityHandler(score, row);
      if (fail) failures.push({ column: m.name, expect: fail, value: score });
      if (m.cost >= 0) {
        const costFail = costHandler(cells[m.cost], row);
        if (costFail) failures.push({ column: names[m.cost]!, expect: costFail, value: cells[m.cost] });
      }
      scored.push(m);
    }
    if (failures.length > 0) {
      for (const f of ctx.problems.lenient ? failures.slice(0, 1) : failures) {
        ctx.problems.row(
          { file: ctx.path, line, column: f.column },
          recordPrefix(ctx, line) + describeCell(f.expect, f.value),
        );
      }
      return;
    }
    // Only files with response text get token estimates; the prompt is tokenized once per line.
    const inputTokens = this.hasResponses && row.prompt !== undefined ? countTokens(row.prompt) : NaN;
    for (const m of scored) {
      row.model = m.name;
      qualityHandler(cells[m.score], row);
      if (m.cost >= 0) costHandler(cells[m.cost], row);
      else row.costUsd = NaN;
      const response = m.response >= 0 ? toText(cells[m.response]) : '';
      row.outputTokens = response === '' ? NaN : countTokens(response);
      row.inputTokens = response === '' ? NaN : inputTokens;
      row.tokensEstimated = response !== '';
      ctx.builder.add(row, ctx.source, line);
    }
  }

  end(nextLine: number): void {
    if (this.records > 0) return;
    this.ctx.problems.fatal(
      { file: this.ctx.path, line: Math.max(nextLine, this.headerLine + 1) },
      'expected at least one data row after the header, got no data rows',
    );
  }
}
