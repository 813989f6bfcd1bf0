/**
 * The OpenAI Batch API's file formats for shadow evaluation. Input: one `POST /v1/chat/completions` request
 * per line, `custom_id` = the logged request id (a batch file holds one model, so ids stay unique). Output:
 * `{custom_id, response: {status_code, body: {model, usage, choices}}, error}` per line, read back into trace
 * rows with the user's grader scores and each request's sampling probability and stratum as tags.
 */
import type { RowInput } from './builder.ts';
import { TraceBuilder } from './builder.ts';
import { ProblemLog } from './problems.ts';
import type { Trace } from './trace.ts';
import { jsonRecords } from './log-json-records.ts';
import { callRow, FieldReader, failureStatus, text } from './log-call.ts';

/** One line of a batch input file. */
export function batchRequestLine(requestId: string, model: string, prompt: string, maxTokens?: number): string {
  const body: Record<string, unknown> = { model, messages: [{ role: 'user', content: prompt }] };
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  return JSON.stringify({ custom_id: requestId, method: 'POST', url: '/v1/chat/completions', body });
}

/** What the plan knew about a sampled request. */
export interface PlannedRequest {
  readonly stratum: string;
  readonly probability: number;
  readonly task: string | undefined;
  readonly prompt: string | undefined;
}

export interface BatchImport {
  /** request id → its plan entry; answers for other ids are errors. */
  readonly planned: ReadonlyMap<string, PlannedRequest>;
  /** The planned candidate a response's `body.model` belongs to (e.g. a dated snapshot → its alias). */
  readonly modelOf: (bodyModel: string) => string;
  /** `${requestId}\u0000${model}` → the user's grader score in [0,1]. */
  readonly scores: ReadonlyMap<string, number>;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function answerRow(record: Record<string, unknown>, opts: BatchImport, f: FieldReader): RowInput | undefined {
  const id = text(record.custom_id);
  const plan = opts.planned.get(id);
  if (!plan) {
    f.problems.push({ field: 'custom_id', expected: 'a request id of the plan', got: record.custom_id });
    return undefined;
  }
  const response = obj(record.response);
  const body = obj(response.body);
  const model = opts.modelOf(text(body.model));
  if (model === '') {
    f.problems.push({ field: 'response.body.model', expected: 'the model that answered', got: body.model });
    return undefined;
  }
  const row = callRow(id, model);
  row.task = plan.task;
  row.prompt = plan.prompt;
  const usage = obj(body.usage);
  row.inputTokens = f.amount('usage.prompt_tokens', usage.prompt_tokens, true);
  row.outputTokens = f.amount('usage.completion_tokens', usage.completion_tokens, true);
  const code = response.status_code;
  if ((record.error !== null && record.error !== undefined) || (code !== undefined && code !== 200)) {
    row.status = failureStatus(code, JSON.stringify(record.error ?? body.error ?? ''));
  }
  const score = opts.scores.get(`${id}\u0000${model}`);
  if (score !== undefined) row.quality = score;
  row.tags!.sampling_probability = String(plan.probability);
  row.tags!.sampling_stratum = plan.stratum;
  return row;
}

/** Reads batch output files into a trace of the sampled requests × candidates; file:line problems as usual. */
export async function readBatchOutputs(paths: readonly string[], opts: BatchImport): Promise<Trace> {
  const builder = new TraceBuilder();
  const problems = new ProblemLog(builder, false, 20);
  let answers = 0;
  for (const path of paths) {
    const ctx = { path, source: builder.addSource(path), builder, problems };
    for await (const { value, line } of jsonRecords(ctx)) {
      const f = new FieldReader();
      const row = answerRow(obj(value), opts, f);
      for (const p of f.problems) {
        problems.row(
          { file: path, line, column: p.field },
          `expected ${p.expected}, got ${JSON.stringify(p.got)}; is this the output of the planned batch?`,
        );
      }
      if (row && f.problems.length === 0) {
        builder.add(row, ctx.source, line);
        answers++;
      }
    }
    if (answers === 0) problems.fatal({ file: path, line: 1 }, 'expected batch output lines, got none');
  }
  problems.throwIfAny();
  return builder.finish();
}
