/**
 * Request → feature vector, fitted on the training split only:
 *
 *   prompt ─ strip shared prefix / keep tail ─ hashed n-grams ─ sublinear TF × IDF ─ L2 per half ─┐
 *   prompt ─ structure markers (length, digits, code, question, script) ─────────────────────────┤→ x
 *   task / named tags ─ one-hot (train vocabulary) ───────────────────────────────────────────────┤
 *   embedding column or side file (bring your own) ───────────────────────────────────────────────┘
 *
 * The hashed part is returned sparse (indices + values) so inference can skip the zeros; `denseBatch`
 * writes the same vectors into one Float32Array for training.
 */
import { ConfigError, TraceFormatError } from '../../core/errors.ts';
import { type CategoricalVocab, oneHot } from './categorical.ts';
import { parseEmbedding, type EmbeddingTable } from './embeddings.ts';
import { clearTermCounts, createTermCounts, hashNgrams, sortedTouched, type TermCounts } from './hashing.ts';
import type { FeatureInput } from './input.ts';
import { promptPart } from './prefix.ts';
import { STRUCTURE_FEATURES, structureFeatures } from './structure.ts';

/** 1 + ln(count) for small counts: most terms occur once or twice, and Math.log per term was a tenth of the time. */
const SUBLINEAR_TF = Float64Array.from({ length: 64 }, (_, c) => 1 + Math.log(c));

export type EmbeddingSource =
  | { readonly type: 'column'; readonly column: string; readonly dim: number }
  | { readonly type: 'file'; readonly file: string; readonly dim: number };

/** The fitted, serialisable feature configuration (the IDF vector is kept beside it, in binary). */
export interface FeatureConfig {
  /** The hashed space has 2^hashBits slots: the first half word n-grams, the second char n-grams. */
  readonly hashBits: number;
  readonly promptTailChars: number | null;
  /** Shared prefix per task ('' key: all training prompts); stripped before hashing. */
  readonly prefixes: Readonly<Record<string, string>>;
  readonly categorical: readonly CategoricalVocab[];
  readonly embedding: EmbeddingSource | null;
  readonly structure: readonly string[];
}

/** One request's features: sparse hashed part plus the dense extras. */
export interface SparseFeatures {
  indices: Int32Array;
  values: Float32Array;
  nnz: number;
  readonly extras: Float32Array;
}

export class Featurizer {
  readonly hashedDim: number;
  readonly extrasDim: number;
  private readonly tc: TermCounts;
  private readonly catIndex: ReadonlyMap<string, number>[];
  private readonly catOffset: number[] = [];
  private readonly embOffset: number;

  constructor(
    readonly config: FeatureConfig,
    readonly idf: Float32Array,
    private readonly embeddings?: EmbeddingTable,
  ) {
    this.hashedDim = 2 ** config.hashBits;
    if (idf.length !== this.hashedDim)
      throw new ConfigError(`feature config: expected an IDF vector of ${this.hashedDim} values, got ${idf.length}`);
    if (config.embedding?.type === 'file' && !embeddings) {
      throw new ConfigError(
        `feature config: the model was trained with embeddings from ${config.embedding.file}; pass that file ` +
          `(--embeddings) to use it`,
      );
    }
    this.tc = createTermCounts(this.hashedDim);
    this.catIndex = config.categorical.map((v) => new Map(v.values.map((s, i) => [s, i])));
    let off = STRUCTURE_FEATURES.length;
    for (const v of config.categorical) {
      this.catOffset.push(off);
      off += v.values.length;
    }
    this.embOffset = off;
    this.extrasDim = off + (config.embedding?.dim ?? 0);
  }

  get dim(): number {
    return this.hashedDim + this.extrasDim;
  }

  /** A reusable output buffer for `features`. */
  createSparse(): SparseFeatures {
    return {
      indices: new Int32Array(256),
      values: new Float32Array(256),
      nnz: 0,
      extras: new Float32Array(this.extrasDim),
    };
  }

  /** Text actually hashed for a request (prefix stripped, tail kept). */
  text(req: FeatureInput): string {
    const prompt = req.prompt ?? '';
    const p = this.config.prefixes;
    const own = req.task !== undefined ? p[req.task] : undefined;
    const prefix = own && prompt.startsWith(own) ? own : (p[''] ?? '');
    return promptPart(prompt, prefix, this.config.promptTailChars ?? undefined);
  }

  /** Computes the features of `req` into `out` (reused between calls; grows when needed). */
  features(req: FeatureInput, out: SparseFeatures): SparseFeatures {
    const text = this.text(req);
    const tc = this.tc;
    clearTermCounts(tc);
    hashNgrams(text, this.hashedDim / 2, tc);
    // Sorted indices make the sum order (and so every float) independent of hashing order.
    const touched = sortedTouched(tc);
    const n = touched.length;
    if (out.indices.length < n) {
      out.indices = new Int32Array(n * 2);
      out.values = new Float32Array(n * 2);
    }
    const half = this.hashedDim / 2;
    let ssWord = 0,
      ssChar = 0;
    for (let k = 0; k < n; k++) {
      const j = touched[k]!;
      const c = tc.counts[j]!;
      const w = (c < SUBLINEAR_TF.length ? SUBLINEAR_TF[c]! : 1 + Math.log(c)) * this.idf[j]!;
      out.indices[k] = j;
      out.values[k] = w;
      if (j < half) ssWord += w * w;
      else ssChar += w * w;
    }
    // Each half gets norm 1/√2, so the whole hashed vector has norm 1 when both halves are present.
    const sw = ssWord > 0 ? Math.SQRT1_2 / Math.sqrt(ssWord) : 0;
    const sc = ssChar > 0 ? Math.SQRT1_2 / Math.sqrt(ssChar) : 0;
    for (let k = 0; k < n; k++) out.values[k]! *= out.indices[k]! < half ? sw : sc;
    out.nnz = n;
    const ex = out.extras;
    ex.fill(0);
    structureFeatures(text, ex, 0);
    this.config.categorical.forEach((v, i) => {
      const value = v.column === 'task' ? req.task : req.tags[v.column];
      oneHot(v, this.catIndex[i]!, value, ex, this.catOffset[i]!);
    });
    if (this.config.embedding) ex.set(this.embedding(req), this.embOffset);
    return out;
  }

  private embedding(req: FeatureInput): Float32Array {
    const e = this.config.embedding!;
    const where = { file: req.file ?? `request ${req.id}`, line: req.line ?? 0 };
    if (e.type === 'file') {
      const v = this.embeddings!.get(req.id);
      if (!v)
        throw new TraceFormatError(
          { file: e.file },
          `expected an embedding for request ${req.id}, got none; the side file must cover every request`,
        );
      if (v.length !== e.dim)
        throw new TraceFormatError(
          { file: e.file },
          `expected ${e.dim}-dimensional embeddings (as in training), got ${v.length}`,
        );
      return v;
    }
    const raw = req.tags[e.column];
    if (raw === undefined)
      throw new TraceFormatError(
        { ...where, column: e.column },
        `expected an embedding (JSON array), got an empty value`,
      );
    return parseEmbedding(raw, { ...where, column: e.column }, e.dim);
  }

  /** Dense [inputs.length × dim] matrix of the requests' features, row-major. */
  denseBatch(inputs: readonly FeatureInput[]): Float32Array {
    const d = this.dim;
    const out = new Float32Array(inputs.length * d);
    const sf = this.createSparse();
    inputs.forEach((req, i) => {
      this.features(req, sf);
      const base = i * d;
      for (let k = 0; k < sf.nnz; k++) out[base + sf.indices[k]!] = sf.values[k]!;
      out.set(sf.extras, base + this.hashedDim);
    });
    return out;
  }
}
