/**
 * One-hot columns for the task and the tag columns the user names. The vocabulary comes from the
 * training split only; a value never seen in training maps to all zeros rather than to a new slot.
 */
export interface CategoricalVocab {
  readonly column: string;
  readonly values: readonly string[];
}

/** Sorted distinct non-empty values, so the slot order does not depend on row order. */
export function fitVocab(column: string, values: Iterable<string | undefined>): CategoricalVocab {
  const set = new Set<string>();
  for (const v of values) if (v !== undefined && v !== '') set.add(v);
  return { column, values: [...set].sort() };
}

/** Writes the one-hot of `value` (vocab.values.length slots) into `out` at `offset`. */
export function oneHot(
  _vocab: CategoricalVocab,
  index: ReadonlyMap<string, number>,
  value: string | undefined,
  out: Float32Array,
  offset: number,
): void {
  if (value === undefined) return;
  const k = index.get(value);
  if (k !== undefined) out[offset + k] = 1;
}
