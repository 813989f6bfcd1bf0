import { NOT_A_NUMBER, parseDecimal } from './parse-values.ts';
import type { TagColumn } from './trace.ts';

// Keyed by the dictionary: subsets of a trace share their tag dictionaries, so they share the parse too.
const cache = new WeakMap<readonly string[], Float64Array>();

/**
 * The values of a tag column's dictionary as numbers (NaN where empty or not a plain decimal): a score
 * column is parsed once per trace, here, and read by code — never re-parsed per request by the policies,
 * the cascades' accept rule or the sweep.
 */
export function tagNumbers(tag: TagColumn): Float64Array {
  let out = cache.get(tag.values);
  if (!out) {
    out = Float64Array.from(tag.values, (v) => {
      const x = v === '' ? Number.NaN : parseDecimal(v);
      return x === NOT_A_NUMBER ? Number.NaN : x;
    });
    cache.set(tag.values, out);
  }
  return out;
}

/** A tag column's value on each row as a number (NaN where absent, empty or not a number). */
export function tagRowNumbers(tag: TagColumn): Float64Array {
  const numbers = tagNumbers(tag);
  return Float64Array.from(tag.codes, (c) => (c < 0 ? Number.NaN : numbers[c]!));
}
