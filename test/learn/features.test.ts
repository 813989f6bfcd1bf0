import { describe, expect, it } from 'vitest';
import { fitFeaturizer } from '../../src/learn/features/fit-features.ts';
import { commonPrefix, promptPart } from '../../src/learn/features/prefix.ts';
import { traceFeatureInput, type FeatureInput } from '../../src/learn/features/input.ts';
import { splitRequests } from '../../src/traces/split-requests.ts';
import { plantedTrace, PREAMBLE } from './synthetic.ts';

const req = (id: string, prompt: string, task = 't', tags: Record<string, string> = {}): FeatureInput => ({
  id,
  prompt,
  task,
  tags,
});

describe('features', () => {
  it('strips the prefix shared by (almost) all training prompts and keeps short shared prefixes', () => {
    const prompts = Array.from({ length: 20 }, (_, i) => `${PREAMBLE}question ${i}`);
    expect(commonPrefix(prompts)).toBe(`${PREAMBLE}question `);
    // One prompt in 20 (5%) without the preamble does not stop it: 90% share is enough.
    expect(commonPrefix([...prompts.slice(1), 'something else entirely'])).toBe(`${PREAMBLE}question `);
    expect(commonPrefix(['Question: a', 'Question: b'])).toBe('');
    expect(promptPart('abcdef', 'abc', 2)).toBe('ef');
  });

  it('gives identical vectors for identical inputs, L2 norm 1 over the hashed part', () => {
    const train = [
      req('a', 'what is two plus two?'),
      req('b', 'write a poem about rivers'),
      req('c', 'def f(x): return x'),
    ];
    const f1 = fitFeaturizer(train, { hashBits: 10 });
    const f2 = fitFeaturizer(train, { hashBits: 10 });
    const x1 = f1.denseBatch(train),
      x2 = f2.denseBatch(train);
    expect(Array.from(x1)).toEqual(Array.from(x2));
    const sf = f1.features(train[0]!, f1.createSparse());
    let ss = 0;
    for (let k = 0; k < sf.nnz; k++) ss += sf.values[k]! ** 2;
    expect(ss).toBeCloseTo(1, 5);
  });

  it('fits IDF, prefixes and vocabularies on the training split only: changing test prompts changes nothing', () => {
    const trace = plantedTrace(200);
    const [splitTrain, , splitTest] = splitRequests(trace, [0.6, 0.2], 0);
    const split = { train: splitTrain!, test: splitTest! };
    const train = Array.from(split.train, (r) => traceFeatureInput(trace, r));
    const f1 = fitFeaturizer(train, { hashBits: 10, tagColumns: ['task'] });
    const test = new Set(split.test);
    const changed = {
      ...trace,
      prompts: trace.prompts.map((p, r) => (test.has(r) ? `totally different zebra ${r}` : p)),
    };
    const split2 = { train: splitRequests(changed, [0.6, 0.2], 0)[0]! };
    expect(Array.from(split2.train)).toEqual(Array.from(split.train));
    const f2 = fitFeaturizer(
      Array.from(split2.train, (r) => traceFeatureInput(changed, r)),
      { hashBits: 10, tagColumns: ['task'] },
    );
    // Fitting on all requests instead would see the zebra prompts and change the IDF.
    const fAll = fitFeaturizer(
      Array.from({ length: changed.requestCount }, (_, r) => traceFeatureInput(changed, r)),
      { hashBits: 10 },
    );
    expect(Array.from(fAll.idf)).not.toEqual(Array.from(f1.idf));
    expect(Array.from(f2.idf)).toEqual(Array.from(f1.idf));
    expect(f2.config).toEqual(f1.config);
    expect(f1.config.prefixes.demo ?? f1.config.prefixes['']).toContain(PREAMBLE);
  });

  it('one-hot encodes named tags with the training vocabulary and maps unseen values to zeros', () => {
    const f = fitFeaturizer([req('a', 'x', 't', { lang: 'en' }), req('b', 'y', 't', { lang: 'fr' })], {
      hashBits: 6,
      tagColumns: ['lang'],
    });
    const ex = (lang: string) =>
      Array.from(f.features(req('z', 'x', 't', { lang }), f.createSparse()).extras.slice(-2));
    expect(ex('en')).toEqual([1, 0]);
    expect(ex('fr')).toEqual([0, 1]);
    expect(ex('de')).toEqual([0, 0]);
  });

  it.each([
    ['[1, 2', /expected a JSON array of numbers/],
    ['[1, "a"]', /expected a finite number at position 1/],
    ['[1, 2, 3]', /expected an embedding of 2 numbers/],
  ])('rejects the embedding column value %s with file and line', (value, message) => {
    const f = fitFeaturizer([{ ...req('a', 'x', 't', { emb: '[0.5, 1]' }), file: 'e.csv', line: 2 }], {
      hashBits: 6,
      embeddingColumn: 'emb',
    });
    expect(() =>
      f.features({ ...req('b', 'x', 't', { emb: value }), file: 'e.csv', line: 7 }, f.createSparse()),
    ).toThrow(message);
    expect(() =>
      f.features({ ...req('b', 'x', 't', { emb: value }), file: 'e.csv', line: 7 }, f.createSparse()),
    ).toThrow(/e\.csv:7 \(emb\)/);
  });
});
