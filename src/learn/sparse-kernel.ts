/**
 * The first layer of the network over sparse inputs: h = bias + Σ_k values[k] · kernel[indices[k], :].
 * This is where inference spends its time (a few hundred non-zeros × 64 hidden units per request).
 * Outputs are processed in blocks of 8 (then 4, then 1) held in local variables, so each multiply-add
 * is one kernel load instead of a load and store of `h` as well: faster in V8 than the plain row-by-row
 * loop (bench/learn-backends.ts measures the forward pass). Every h[j] still sums bias, then the non-zeros
 * in order k = 0, 1, …, in float64, so the result is bit-identical to that loop.
 */
export function sparseAffine(
  kernel: Float32Array,
  bias: Float32Array,
  outDim: number,
  indices: Int32Array,
  values: Float32Array,
  nnz: number,
  h: Float64Array,
): void {
  let j0 = 0;
  for (; j0 + 8 <= outDim; j0 += 8) {
    let a0 = bias[j0]!,
      a1 = bias[j0 + 1]!,
      a2 = bias[j0 + 2]!,
      a3 = bias[j0 + 3]!;
    let a4 = bias[j0 + 4]!,
      a5 = bias[j0 + 5]!,
      a6 = bias[j0 + 6]!,
      a7 = bias[j0 + 7]!;
    for (let k = 0; k < nnz; k++) {
      const v = values[k]!;
      const p = indices[k]! * outDim + j0;
      a0 += v * kernel[p]!;
      a1 += v * kernel[p + 1]!;
      a2 += v * kernel[p + 2]!;
      a3 += v * kernel[p + 3]!;
      a4 += v * kernel[p + 4]!;
      a5 += v * kernel[p + 5]!;
      a6 += v * kernel[p + 6]!;
      a7 += v * kernel[p + 7]!;
    }
    h[j0] = a0;
    h[j0 + 1] = a1;
    h[j0 + 2] = a2;
    h[j0 + 3] = a3;
    h[j0 + 4] = a4;
    h[j0 + 5] = a5;
    h[j0 + 6] = a6;
    h[j0 + 7] = a7;
  }
  for (; j0 + 4 <= outDim; j0 += 4) {
    let a0 = bias[j0]!,
      a1 = bias[j0 + 1]!,
      a2 = bias[j0 + 2]!,
      a3 = bias[j0 + 3]!;
    for (let k = 0; k < nnz; k++) {
      const v = values[k]!;
      const p = indices[k]! * outDim + j0;
      a0 += v * kernel[p]!;
      a1 += v * kernel[p + 1]!;
      a2 += v * kernel[p + 2]!;
      a3 += v * kernel[p + 3]!;
    }
    h[j0] = a0;
    h[j0 + 1] = a1;
    h[j0 + 2] = a2;
    h[j0 + 3] = a3;
  }
  for (; j0 < outDim; j0++) {
    let a = bias[j0]!;
    for (let k = 0; k < nnz; k++) a += values[k]! * kernel[indices[k]! * outDim + j0]!;
    h[j0] = a;
  }
}
