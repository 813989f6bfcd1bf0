/**
 * Features of many requests kept sparse (CSR for the hashed part, dense extras), so a 50k-request
 * training set costs megabytes, not gigabytes; batches are densified one at a time for TF.js.
 */
import type { Featurizer } from './featurizer.ts';
import type { FeatureInput } from './input.ts';

export interface SparseMatrix {
  readonly rows: number;
  readonly hashedDim: number;
  readonly extrasDim: number;
  readonly rowStart: Uint32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** Row-major [rows × extrasDim]. */
  readonly extras: Float32Array;
}

/**
 * Non-zeros gathered per block of rows before the one exact-size copy: growing one array by doubling held
 * up to 3× the final matrix at a time (the old array, the doubled one, then the trimmed copy) — most of
 * the peak memory of training on 100k requests. Blocks cap the transient at the matrix plus one block.
 */
const CHUNK_NNZ = 1 << 20;

/** The CSR matrix of `inputs`' features, its index and value arrays exactly `nnz` long. */
export function featurizeAll(f: Featurizer, inputs: readonly FeatureInput[]): SparseMatrix {
  const rowStart = new Uint32Array(inputs.length + 1);
  const extras = new Float32Array(inputs.length * f.extrasDim);
  const chunks: { indices: Int32Array; values: Float32Array; used: number }[] = [];
  let chunk = { indices: new Int32Array(0), values: new Float32Array(0), used: 0 };
  const sf = f.createSparse();
  let nnz = 0;
  inputs.forEach((req, i) => {
    f.features(req, sf);
    if (chunk.used + sf.nnz > chunk.indices.length) {
      const cap = Math.max(CHUNK_NNZ, sf.nnz);
      chunk = { indices: new Int32Array(cap), values: new Float32Array(cap), used: 0 };
      chunks.push(chunk);
    }
    chunk.indices.set(sf.indices.subarray(0, sf.nnz), chunk.used);
    chunk.values.set(sf.values.subarray(0, sf.nnz), chunk.used);
    chunk.used += sf.nnz;
    nnz += sf.nnz;
    rowStart[i + 1] = nnz;
    extras.set(sf.extras, i * f.extrasDim);
  });
  const indices = new Int32Array(nnz),
    values = new Float32Array(nnz);
  let at = 0;
  for (const c of chunks.splice(0)) {
    indices.set(c.indices.subarray(0, c.used), at);
    values.set(c.values.subarray(0, c.used), at);
    at += c.used;
  }
  return { rows: inputs.length, hashedDim: f.hashedDim, extrasDim: f.extrasDim, rowStart, indices, values, extras };
}

/** Dense row-major [rows.length × (hashedDim + extrasDim)] of the selected rows, into `out` when given. */
export function densify(m: SparseMatrix, rows: ArrayLike<number>, out?: Float32Array): Float32Array {
  const d = m.hashedDim + m.extrasDim;
  const x = out ?? new Float32Array(rows.length * d);
  x.fill(0, 0, rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const base = i * d;
    for (let k = m.rowStart[r]!; k < m.rowStart[r + 1]!; k++) x[base + m.indices[k]!] = m.values[k]!;
    x.set(m.extras.subarray(r * m.extrasDim, (r + 1) * m.extrasDim), base + m.hashedDim);
  }
  return x;
}
