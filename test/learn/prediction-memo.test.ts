import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/learn/manifest.ts';
import type { LoadedModel } from '../../src/learn/model-dir.ts';
import { sharedPredictor } from '../../src/learn/prediction-memo.ts';

/** A loaded model whose predictor returns [prompt length / 100, task length / 10] and counts its calls. */
function fakeModel(weightsSha: string, categorical: Manifest['features']['categorical'] = []) {
  const calls = { n: 0 };
  const manifest = {
    models: ['a', 'b'],
    files: { 'weights.bin': weightsSha },
    features: { categorical, embedding: null },
  } as unknown as Manifest;
  const loaded = {
    manifest,
    predictor: () => ({
      models: ['a', 'b'],
      predict(req: { prompt: string | undefined; task: string | undefined }, out: Float64Array) {
        calls.n++;
        out[0] = (req.prompt ?? '').length / 100;
        out[1] = (req.task ?? '').length / 10;
      },
    }),
  } as unknown as LoadedModel;
  return { loaded, calls };
}

const req = (prompt: string | undefined, task?: string) => ({ id: 'r', prompt, task, tags: {} });

describe('sharedPredictor', () => {
  it('predicts each (task, prompt) once for every policy on the same model, with the same answers', () => {
    const { loaded, calls } = fakeModel('w1');
    const out = new Float64Array(2);
    const first = sharedPredictor(loaded);
    first.predict(req('abcd', 'math'), out);
    expect([...out]).toEqual([0.04, 0.4]);
    // A second policy on the same model (a later λ of a sweep) reuses the first one's prediction.
    const second = sharedPredictor(loaded);
    out.fill(9);
    second.predict(req('abcd', 'math'), out);
    expect([...out]).toEqual([0.04, 0.4]);
    expect(calls.n).toBe(1);
    // Same prompt under another task (its own shared prefix) is another request; an absent prompt is ''.
    second.predict(req('abcd', 'poetry'), out);
    expect([...out]).toEqual([0.04, 0.6]);
    second.predict(req(undefined), out);
    second.predict(req(''), out);
    expect(calls.n).toBe(3);
  });

  it('does not reuse predictions of a model with other weights (retrained into the same directory)', () => {
    const a = fakeModel('w-old'),
      b = fakeModel('w-new');
    const out = new Float64Array(2);
    sharedPredictor(a.loaded).predict(req('xy'), out);
    sharedPredictor(b.loaded).predict(req('xy'), out);
    expect([a.calls.n, b.calls.n]).toEqual([1, 1]);
  });

  it('predicts afresh every time for a model with tag features (tags are not part of the key)', () => {
    const { loaded, calls } = fakeModel('w-tags', [{ column: 'lang', values: ['de', 'en'] }]);
    const out = new Float64Array(2);
    sharedPredictor(loaded).predict(req('xy'), out);
    sharedPredictor(loaded).predict(req('xy'), out);
    expect(calls.n).toBe(2);
  });
});
