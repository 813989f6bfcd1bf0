/**
 * Fits the featuriser on the training requests only: shared prefixes per task, IDF of the hashed
 * n-grams, one-hot vocabularies and the embedding dimension. Nothing about the other splits is read,
 * so evaluation on them is honest.
 */
import { ConfigError } from '../../core/errors.ts';
import { fitVocab } from './categorical.ts';
import { parseEmbedding, type EmbeddingTable } from './embeddings.ts';
import { type EmbeddingSource, type FeatureConfig, Featurizer } from './featurizer.ts';
import { clearTermCounts, createTermCounts, hashNgrams } from './hashing.ts';
import type { FeatureInput } from './input.ts';
import { commonPrefix } from './prefix.ts';
import { STRUCTURE_FEATURES } from './structure.ts';

export interface FeatureOptions {
  /** 2^hashBits hashed slots (default 14 → 16384). */
  readonly hashBits?: number;
  /** Featurise only the last N characters of the prompt (after prefix stripping). */
  readonly promptTailChars?: number;
  /** Strip the prefix shared by ≥ 90% of a task's training prompts (default true). */
  readonly stripPrefix?: boolean;
  /** Categorical columns to one-hot: 'task' and/or tag names. */
  readonly tagColumns?: readonly string[];
  /** A tag column holding a JSON-array embedding per request. */
  readonly embeddingColumn?: string;
  /** A side file of request_id → embedding, already read. */
  readonly embeddingFile?: { readonly path: string; readonly table: EmbeddingTable; readonly dim: number };
}

export function fitFeaturizer(train: readonly FeatureInput[], options: FeatureOptions = {}): Featurizer {
  const hashBits = options.hashBits ?? 14;
  if (!Number.isInteger(hashBits) || hashBits < 4 || hashBits > 20)
    throw new ConfigError(`--hash-bits: expected an integer in 4…20, got ${hashBits}`);
  const tail = options.promptTailChars;
  if (tail !== undefined && (!Number.isInteger(tail) || tail <= 0))
    throw new ConfigError(`--prompt-tail: expected a positive integer, got ${tail}`);
  if (options.embeddingColumn && options.embeddingFile)
    throw new ConfigError('embeddings: give either a column or a side file, not both');

  const prefixes: Record<string, string> = {};
  if (options.stripPrefix ?? true) {
    const byTask = new Map<string, string[]>();
    const all: string[] = [];
    for (const r of train) {
      const p = r.prompt ?? '';
      all.push(p);
      if (r.task !== undefined) {
        let list = byTask.get(r.task);
        if (!list) byTask.set(r.task, (list = []));
        list.push(p);
      }
    }
    const global = commonPrefix(all);
    if (global) prefixes[''] = global;
    for (const task of [...byTask.keys()].sort()) {
      const p = commonPrefix(byTask.get(task)!);
      if (p && p !== global) prefixes[task] = p;
    }
  }

  const categorical = (options.tagColumns ?? []).map((col) =>
    fitVocab(
      col,
      train.map((r) => (col === 'task' ? r.task : r.tags[col])),
    ),
  );

  let embedding: EmbeddingSource | null = null;
  if (options.embeddingFile)
    embedding = { type: 'file', file: options.embeddingFile.path, dim: options.embeddingFile.dim };
  else if (options.embeddingColumn) {
    const col = options.embeddingColumn;
    const first = train.find((r) => r.tags[col] !== undefined);
    if (!first)
      throw new ConfigError(
        `--embedding-column ${col}: expected a tag column with JSON-array embeddings, got no values in the ` +
          `training split`,
      );
    const dim = parseEmbedding(first.tags[col], {
      file: first.file ?? `request ${first.id}`,
      line: first.line ?? 0,
      column: col,
    }).length;
    embedding = { type: 'column', column: col, dim };
  }

  const config0: FeatureConfig = {
    hashBits,
    promptTailChars: tail ?? null,
    prefixes,
    categorical,
    embedding,
    structure: [...STRUCTURE_FEATURES],
  };
  // IDF over the same text the featuriser will hash, smoothed as in scikit-learn: ln((1+n)/(1+df)) + 1.
  const dim = 2 ** hashBits;
  const df = new Float64Array(dim);
  const tc = createTermCounts(dim);
  const probe = new Featurizer(config0, new Float32Array(dim).fill(1), options.embeddingFile?.table);
  for (const r of train) {
    clearTermCounts(tc);
    hashNgrams(probe.text(r), dim / 2, tc);
    for (let k = 0; k < tc.n; k++) df[tc.touched[k]!]!++;
  }
  const idf = new Float32Array(dim);
  for (let j = 0; j < dim; j++) idf[j] = Math.log((1 + train.length) / (1 + df[j]!)) + 1;
  return new Featurizer(config0, idf, options.embeddingFile?.table);
}
