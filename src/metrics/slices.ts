/**
 * Groups requests by a slice label: the task, or any extra column kept as a tag.
 */
import { ConfigError } from '../core/errors.ts';
import type { Trace } from '../traces/trace.ts';

/** Label of requests that have no value in the slicing column. */
export const NO_LABEL = '(none)';

/**
 * Request indices per label of `by` ('task' or a tag name), labels sorted by code unit order so the
 * result does not depend on locale. A tag is per row; a request takes the value of its first row that has one.
 */
export function sliceRequests(trace: Trace, by: string): Map<string, Uint32Array> {
  const { names, labelOf } = labels(trace, by);
  const counts = new Uint32Array(names.length + 1);
  for (let r = 0; r < trace.requestCount; r++) counts[labelOf[r]! + 1]!++;
  const groups = new Map<string, Uint32Array>();
  const keyed = [...counts.keys()]
    .filter((c) => counts[c]! > 0)
    .map((c) => ({ c, name: c === 0 ? NO_LABEL : names[c - 1]! }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const arrays = new Map<number, { out: Uint32Array; k: number }>();
  for (const { c, name } of keyed) {
    const out = new Uint32Array(counts[c]!);
    arrays.set(c - 1, { out, k: 0 });
    groups.set(name, out);
  }
  for (let r = 0; r < trace.requestCount; r++) {
    const a = arrays.get(labelOf[r]!)!;
    a.out[a.k++] = r;
  }
  return groups;
}

function labels(trace: Trace, by: string): { names: readonly string[]; labelOf: Int32Array } {
  if (by === 'task') return { names: trace.taskNames, labelOf: trace.requestTask };
  const tag = trace.tags.find((t) => t.name === by);
  if (!tag) {
    const options = ['task', ...trace.tags.map((t) => t.name)].join(', ');
    throw new ConfigError(`--by: expected "task" or a tag column of the trace (${options}), got "${by}"`);
  }
  const labelOf = new Int32Array(trace.requestCount).fill(-1);
  for (let i = 0; i < trace.rowCount; i++) {
    const r = trace.rowRequest[i]!;
    if (labelOf[r] === -1) labelOf[r] = tag.codes[i]!;
  }
  return { names: tag.values, labelOf };
}
