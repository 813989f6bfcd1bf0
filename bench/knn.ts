/**
 * knn neighbour-search benchmark: n training × n query prompts that all share common words (a fixed
 * preamble and frequent stop words), as knn sees them in `replay --policy knn`. Compares the index reading
 * every posting (the earlier code: quadratic, run only on smaller n and extrapolated) with the bounded one
 * (at most MAX_POSTINGS_PER_TERM postings per query term, then exact re-scoring), and reports the recall of
 * the exact top-k (by brute-force cosine) on a sample of queries. Times are CPU seconds of this process
 * (the machine is shared; wall time would measure the neighbours). Prints figures; asserts nothing.
 *
 *   npx tsx bench/knn.ts [n=100000] [sample=200] [maxPostings=256]
 */
import { createRng } from '../src/core/rng.ts';
import { HashedTfidf, type SparseVector } from '../src/learn/features/hashed-tfidf.ts';
import { MAX_POSTINGS_PER_TERM, NearestPrompts } from '../src/learn/features/nearest-prompts.ts';

const N = Number(process.argv[2] ?? 100_000);
const SAMPLE = Number(process.argv[3] ?? 200);
const L = Number(process.argv[4] ?? MAX_POSTINGS_PER_TERM);
const K = 10;
const BUCKETS = 65536;

const PREAMBLE = 'you are a helpful assistant please answer the question below and explain your reasoning';
const STOP = 'the of and to in is it that for on with as'.split(' ');

/** n prompts: the preamble, then 20 words, half stop words, half topic words from a Zipf-like 20k vocabulary. */
function prompts(n: number, seed: number): string[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const words = [PREAMBLE];
    for (let i = 0; i < 20; i++)
      words.push(i % 2 ? STOP[rng.int(STOP.length)]! : `w${Math.floor(20_000 * rng.next() ** 3)}`);
    return words.join(' ');
  });
}

function cpuSeconds(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1e6;
}

/** CPU seconds to build the index on `train` and query every prompt of `queries`. */
function run(
  train: string[],
  queries: string[],
  maxPostings: number,
): { buildS: number; queryS: number; readPerQuery: number } {
  let index: NearestPrompts | undefined;
  const buildS = cpuSeconds(() => {
    index = new NearestPrompts(train, BUCKETS, maxPostings);
  });
  const out = new Uint32Array(K);
  const queryS = cpuSeconds(() => {
    for (const q of queries) index!.query(q, out);
  });
  return { buildS, queryS, readPerQuery: index!.postingsRead / queries.length };
}

const fmt = (s: number) => `${s.toFixed(2)} s`;
const train = prompts(N, 1),
  queries = prompts(N, 2);
console.log(
  `knn search, ${N.toLocaleString('en-US')} × ${N.toLocaleString('en-US')} prompts, k = ${K}, ${BUCKETS} buckets`,
);
console.log('(CPU seconds of this process; the machine is shared with other jobs)\n');

console.log('n        all postings (before)   bounded (after)   ratio');
const sizes = [2_500, 5_000, 10_000].filter((s) => s < N);
let perPairBefore = 0;
let read = '';
for (const s of sizes) {
  const before = run(train.slice(0, s), queries.slice(0, s), Infinity);
  const after = run(train.slice(0, s), queries.slice(0, s), L);
  const b = before.buildS + before.queryS,
    a = after.buildS + after.queryS;
  perPairBefore = before.queryS / (s * s);
  const [rb, ra] = [before.readPerQuery, after.readPerQuery].map(Math.round);
  read = `postings read per query at n = ${s}: ${rb} before, ${ra} after`;
  console.log(`${String(s).padEnd(8)} ${fmt(b).padStart(20)}   ${fmt(a).padStart(15)}   ${(b / a).toFixed(1)}×`);
}
console.log(read);
const after = run(train, queries, L);
const a = after.buildS + after.queryS;
const extrapolated = perPairBefore * N * N;
console.log(
  `${String(N).padEnd(8)} ${`~${fmt(extrapolated)}`.padStart(20)}   ${fmt(a).padStart(15)}   ` +
    `~${(extrapolated / a).toFixed(0)}×` +
    '   (before: quadratic extrapolation of the largest measured size)',
);
console.log(
  `after at n = ${N}: build ${fmt(after.buildS)}, queries ${fmt(after.queryS)} = ` +
    `${Math.round(N / after.queryS).toLocaleString('en-US')} queries per CPU second`,
);

// Recall of the exact top-k: brute-force cosine of each sampled query against every training prompt.
const tfidf = HashedTfidf.fit(train, BUCKETS);
const vectors = train.map((t) => tfidf.vectorize(t));
const dense = new Float64Array(BUCKETS);
const cosineAll = (q: SparseVector): Float64Array => {
  q.index.forEach((b, j) => {
    dense[b] = q.value[j]!;
  });
  const s = Float64Array.from(vectors, (v) => v.index.reduce((sum, b, j) => sum + dense[b]! * v.value[j]!, 0));
  q.index.forEach((b) => {
    dense[b] = 0;
  });
  return s;
};
const index = new NearestPrompts(train, BUCKETS, L);
const out = new Uint32Array(K);
let hits = 0;
const rng = createRng(3);
for (let i = 0; i < SAMPLE; i++) {
  const text = queries[rng.int(N)]!;
  const exact = cosineAll(tfidf.vectorize(text));
  const kth = Float64Array.from(exact).sort().reverse()[K - 1]!;
  const n = index.query(text, out);
  // Tie-tolerant: a returned prompt counts when its exact cosine reaches the k-th best.
  for (let j = 0; j < n; j++) if (exact[out[j]!]! >= kth - 1e-12) hits++;
}
console.log(`recall of the exact top-${K} on ${SAMPLE} sampled queries: ${(hits / (SAMPLE * K)).toFixed(3)}`);
