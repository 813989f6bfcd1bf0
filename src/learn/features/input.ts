/**
 * What the featuriser reads about a request: only fields a router can see at decision time — a policy's
 * RequestView is one as it stands — never quality, cost or latency.
 */
import type { Trace } from '../../traces/trace.ts';

export interface FeatureInput {
  readonly id: string;
  readonly prompt: string | undefined;
  readonly task: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** Where the request came from, for error messages (file and line of its first row). */
  readonly file?: string;
  readonly line?: number;
}

/** The FeatureInput of request `r` of a trace; tags are those of the request's first row. */
export function traceFeatureInput(trace: Trace, r: number): FeatureInput {
  const row = trace.requestRowStart[r]!;
  const tags: Record<string, string> = {};
  for (const t of trace.tags) {
    const c = t.codes[row]!;
    if (c >= 0) tags[t.name] = t.values[c]!;
  }
  const task = trace.requestTask[r]!;
  return {
    id: trace.requestIds[r]!,
    prompt: trace.prompts[r],
    task: task >= 0 ? trace.taskNames[task] : undefined,
    tags,
    file: trace.sources[trace.rowSource[row]!],
    line: trace.rowLine[row],
  };
}
