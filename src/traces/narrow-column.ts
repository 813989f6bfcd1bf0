import type { NumberColumn } from './trace.ts';

/**
 * The first `n` values of `values` at `rows` (or 0…n−1), in a Float32Array when every one of them is
 * exactly a float32 (NaN included), else in a Float64Array: half the memory for token counts, 0/1
 * qualities, whole-millisecond latencies and absent columns, and never a changed value.
 */
export function narrowColumn(values: Float64Array, n: number, rows?: Uint32Array): NumberColumn {
  // A column that never got a value (length 0 in the builder) is all absent.
  if (values.length === 0) return new Float32Array(n).fill(NaN);
  let exact = true;
  for (let j = 0; j < n && exact; j++) {
    const v = values[rows ? rows[j]! : j]!;
    exact = Math.fround(v) === v || v !== v;
  }
  // A Float64 column already of the right size and order is kept as it is.
  if (!exact && !rows && values.length === n) return values;
  const out = exact ? new Float32Array(n) : new Float64Array(n);
  if (rows) for (let j = 0; j < n; j++) out[j] = values[rows[j]!]!;
  else out.set(values.subarray(0, n));
  return out;
}
