import { countTokens } from 'gpt-tokenizer';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/traces/read-trace.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { tmpFiles } from '../fixtures/traces/tmp-files.ts';
import { describeWithRawData, RAW } from '../shared-data.ts';

const files = tmpFiles();
afterAll(() => files.cleanup());

const ROUTELLM = `${RAW}/RouteLLM/routellm/evals`;
const MIXTRAL = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
const GPT4 = 'gpt-4-1106-preview';

/** Per model: [rows, sum of quality]. */
function perModel(t: Trace): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (let i = 0; i < t.rowCount; i++) {
    const m = (out[t.modelNames[t.rowModel[i]!]!] ??= [0, 0]);
    m[0]++;
    m[1] += t.quality[i]!;
  }
  return out;
}

describeWithRawData('the wide evaluation-matrix import of RouteLLM’s own files', () => {
  it('reads RouteLLM MMLU abstract algebra: 100 prompts × 2 models with True/False correctness', async () => {
    const path = `${ROUTELLM}/mmlu/responses/mmlu_abstract_algebra.csv`;
    const t = await readTrace(path);
    expect(t.requestCount).toBe(100);
    expect(t.rowCount).toBe(200);
    // Counted with Python's csv module over the same file: Mixtral 32 True, GPT-4 46 True.
    expect(perModel(t)).toEqual({ [MIXTRAL]: [100, 32], [GPT4]: [100, 46] });
    // No sample_id column: ids are the file's base name and the line the prompt starts on.
    expect(t.requestIds.slice(0, 2)).toEqual(['mmlu_abstract_algebra#2', 'mmlu_abstract_algebra#8']);
    expect(t.prompts[0]).toMatch(/^Find the degree for the given field extension/);
    // No response text in the file, so no token estimates.
    expect(t.present.has('output_tokens')).toBe(false);
    expect([...t.tokensEstimated].every((x) => x === 0)).toBe(true);
  });

  it('reads RouteLLM GSM8K with `<model>_response` columns into estimated token counts', async () => {
    const t = await readTrace(`${ROUTELLM}/gsm8k/gsm8k_responses.csv`);
    expect(t.requestCount).toBe(1319);
    expect(t.rowCount).toBe(2638);
    // Counted with Python's csv module: Mixtral 842 True, GPT-4 1130 True.
    expect(perModel(t)).toEqual({ [MIXTRAL]: [1319, 842], [GPT4]: [1319, 1130] });
    expect([...t.tokensEstimated].every((x) => x === 1)).toBe(true);
    expect(t.inputTokens[0]).toBe(countTokens(t.prompts[0]!));
    expect(t.outputTokens.every((x) => x > 0)).toBe(true);
    expect(t.tags).toEqual([]);
  });
});

describe('the wide evaluation-matrix import', () => {
  it('reads a RouterBench-style file: sample ids, eval names, costs, responses, empty cells and tags', async () => {
    const path = files.write(
      'routerbench.csv',
      'sample_id,prompt,eval_name,gpt-4,gpt-4|model_response,gpt-4|total_cost,llama,llama|model_response,llama|total_cost,oracle_model_to_route_to\n' +
        'mmlu.1,"[\'What is 2+2?\']",mmlu,1.0,4,0.0003,0.0,5,0.00001,gpt-4\n' +
        'mmlu.2,"[\'Capital of France?\']",mmlu,1.0,Paris,0.0002,,,,gpt-4\n' + // llama not evaluated: no row
        'mt.3,"[\'Write a poem, please\']",mt-bench,0.9,"Roses are red,\nviolets blue",0.004,0.7,Violets,0.0001,llama\n',
    );
    const t = await readTrace(path);
    expect(t.requestIds).toEqual(['mmlu.1', 'mmlu.2', 'mt.3']);
    expect(t.modelNames).toEqual(['gpt-4', 'llama']);
    expect(t.taskNames).toEqual(['mmlu', 'mt-bench']);
    expect([...t.requestTask]).toEqual([0, 0, 1]);
    expect([...t.rowModel]).toEqual([0, 1, 0, 0, 1]);
    expect([...t.quality]).toEqual([1, 0, 1, 0.9, 0.7]);
    expect([...t.costUsd]).toEqual([0.0003, 0.00001, 0.0002, 0.004, 0.0001]);
    expect([...t.outputTokens]).toEqual(
      ['4', '5', 'Paris', 'Roses are red,\nviolets blue', 'Violets'].map((s) => countTokens(s)),
    );
    expect(t.inputTokens[4]).toBe(countTokens("['Write a poem, please']"));
    expect([...t.tokensEstimated]).toEqual([1, 1, 1, 1, 1]);
    expect(t.tags.map((g) => [g.name, g.values, [...g.codes]])).toEqual([
      ['oracle_model_to_route_to', ['gpt-4', 'llama'], [0, 0, 0, 1, 1]],
    ]);
    expect([...t.rowLine]).toEqual([2, 2, 3, 4, 4]);
  });

  it('keeps a text column of a file without companions as a tag, and a numeric one as a model', async () => {
    const t = await readTrace(
      files.write('bare.csv', 'prompt,subject,m1,m2\nhi,algebra,True,\nho,algebra,False,0.5\n'),
    );
    expect(t.modelNames).toEqual(['m1', 'm2']);
    expect(t.rowCount).toBe(3);
    expect(t.tags.map((g) => g.name)).toEqual(['subject']);
  });

  it('is selected with format "wide" even when auto-detection would not pick it', async () => {
    const t = await readTrace(files.write('forced.csv', 'id,m1,m2\nq1,1,0\n'), { format: 'wide' });
    expect(t.modelNames).toEqual(['m1', 'm2']);
    expect(t.requestIds).toEqual(['forced#2']);
    expect(t.tags.map((g) => g.name)).toEqual(['id']);
  });

  it('skips a bad wide line in lenient mode and keeps the others', async () => {
    const t = await readTrace(files.write('wide-lenient.csv', 'sample_id,prompt,m1\ns1,a,1\ns2,b,oops\ns3,c,0\n'), {
      lenient: true,
    });
    expect(t.requestIds).toEqual(['s1', 's3']);
    expect(t.warnings.map((w) => [w.code, w.count])).toEqual([['skipped-row', 1]]);
  });
});
