import { ConfigError } from '../core/errors.ts';
import type { CanonicalColumn, Trace, TraceWarning } from '../traces/trace.ts';

/**
 * One chunk's trace seen as part of the whole: the whole trace's model list (so a model without rows in this
 * chunk is still a model of the trace, and a decision naming it is unsupported, not unknown) and the whole
 * trace's present columns (a chunk without a single quality must still score failures 0, as the whole does).
 */
export function asPartOfWhole(chunk: Trace, models: readonly string[], present: ReadonlySet<CanonicalColumn>): Trace {
  const same = chunk.modelNames.length === models.length && chunk.modelNames.every((m, i) => m === models[i]);
  const code = new Map(models.map((m, i) => [m, i]));
  const remap = Uint32Array.from(chunk.modelNames, (m) => {
    const c = code.get(m);
    if (c === undefined) throw new ConfigError(`streamed replay: model ${m} appeared in a chunk but not in the trace`);
    return c;
  });
  return {
    ...chunk,
    modelNames: models,
    rowModel: same ? chunk.rowModel : chunk.rowModel.map((m) => remap[m]!),
    present,
  };
}

/** Warnings of chunks added up by code (the first chunk's message stands for all). */
export function addWarnings(into: Map<string, TraceWarning>, warnings: readonly TraceWarning[]): void {
  for (const w of warnings) {
    const seen = into.get(w.code);
    into.set(w.code, seen ? { ...seen, count: seen.count + w.count } : w);
  }
}
