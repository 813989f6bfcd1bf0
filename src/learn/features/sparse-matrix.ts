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

export function featurizeAll(f: Featurizer, inputs: readonly FeatureInput[]): SparseMatrix {
  const rowStart = new Uint32Array(inputs.length + 1);
  let indices = new Int32Array(inputs.length * 64 + 16);
  let values = new Float32Array(indices.length);
  const extras = new Float32Array(inputs.length * f.extrasDim);
  const sf = f.createSparse();
  let nnz = 0;
  inputs.forEach((req, i) => {
    f.features(req, sf);
    if (nnz + sf.nnz > indices.length) {
      const cap = Math.max(indices.length * 2, nnz + sf.nnz);
      const ni = new Int32Array(cap);
      ni.set(indices);
      indices = ni;
      const nv = new Float32Array(cap);
      nv.set(values);
      values = nv;
    }
    indices.set(sf.indices.subarray(0, sf.nnz), nnz);
    values.set(sf.values.subarray(0, sf.nnz), nnz);
    nnz += sf.nnz;
    rowStart[i + 1] = nnz;
    extras.set(sf.extras, i * f.extrasDim);
  });
  return {
    rows: inputs.length,
    hashedDim: f.hashedDim,
    extrasDim: f.extrasDim,
    rowStart,
    indices: indices.slice(0, nnz),
    values: values.slice(0, nnz),
    extras,
  };
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
