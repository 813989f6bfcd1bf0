import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { TraceFormatError } from '../../core/errors.ts';
import { readBatchOutputs } from '../../traces/log-openai-batch.ts';
import { readTrace } from '../../traces/read-trace.ts';
import { writeTrace } from '../../traces/write-trace.ts';
import { count } from '../format.ts';

const planSchema = z.object({
  candidates: z.array(z.string()),
  requests: z.array(
    z.object({
      request_id: z.string(),
      stratum: z.string(),
      probability: z.number().gt(0).max(1),
      task: z.string().nullable(),
      prompt: z.string().optional(),
    }),
  ),
});

async function readPlan(path: string): Promise<z.output<typeof planSchema>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new TraceFormatError(
      { file: path },
      `expected the plan.json written by routelab plan, got ${(err as Error).message}`,
    );
  }
  const r = planSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new TraceFormatError(
      { file: path, column: issue.path.join('.') },
      `expected the plan.json written by routelab plan, but ${issue.message.toLowerCase()}`,
    );
  }
  return r.data;
}

export function registerImportBatch(program: Command): void {
  program
    .command('import-batch')
    .description(
      'bring OpenAI Batch API answers of a shadow plan back as a trace: grader scores as quality, each request’s ' +
        'sampling probability and stratum as tags (replay then also estimates quality for the whole log)',
    )
    .argument('<output...>', 'batch output JSONL files (one per candidate)')
    .requiredOption('--plan <plan.json>', 'the plan.json written by routelab plan')
    .option('--scores <trace>', 'your grader’s scores: a trace with request_id, model, quality columns')
    .requiredOption('--out <trace.csv>', 'where to write the imported trace (.csv or .csv.gz)')
    .action(async (paths: string[], flags: { plan: string; scores?: string; out: string }) => {
      const plan = await readPlan(flags.plan);
      const planned = new Map(
        plan.requests.map((r) => [
          r.request_id,
          { stratum: r.stratum, probability: r.probability, task: r.task ?? undefined, prompt: r.prompt },
        ]),
      );
      const scores = new Map<string, number>();
      if (flags.scores) {
        const s = await readTrace(flags.scores);
        for (let i = 0; i < s.rowCount; i++) {
          const q = s.quality[i]!;
          if (!Number.isNaN(q)) scores.set(`${s.requestIds[s.rowRequest[i]!]}\u0000${s.modelNames[s.rowModel[i]!]}`, q);
        }
      }
      // A batch answers with the dated snapshot (gpt-4o-mini-2024-07-18): map it back to the planned candidate.
      const modelOf = (m: string): string => plan.candidates.find((c) => c === m || m.startsWith(`${c}-`)) ?? m;
      const trace = await readBatchOutputs(paths, { planned, modelOf, scores });
      await writeTrace(trace, flags.out);
      const graded = trace.quality.filter((q) => !Number.isNaN(q)).length;
      process.stdout.write(
        `${count(trace.rowCount)} answers for ${count(trace.requestCount)} of ${count(plan.requests.length)} planned ` +
          `requests (${trace.modelNames.join(', ')}), ${count(graded)} graded; wrote ${flags.out}\n`,
      );
    });
}
