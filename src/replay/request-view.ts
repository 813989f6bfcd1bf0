import type { RequestView } from '../policy/types.ts';
import type { Trace } from '../traces/trace.ts';

/**
 * The one RequestView a replay shows its policies, moved from request to request with `moveTo` so that
 * deciding allocates nothing. Tags are getters reading the request's first row, so unread tags cost nothing.
 */
export class ReplayRequestView implements RequestView {
  index = 0;
  id = '';
  timestampMs = NaN;
  prompt: string | undefined = undefined;
  task: string | undefined = undefined;
  readonly tags: Readonly<Record<string, string>>;
  // Truly private (#): a policy must not reach the trace, and through it the outcomes, from its view.
  readonly #trace: Trace;
  #row = 0;

  constructor(trace: Trace) {
    this.#trace = trace;
    const tags: Record<string, string> = {};
    for (const column of trace.tags) {
      Object.defineProperty(tags, column.name, {
        enumerable: true,
        get: () => {
          const c = column.codes[this.#row]!;
          return c < 0 ? undefined : column.values[c];
        },
      });
    }
    this.tags = Object.freeze(tags);
  }

  /** Points the view at request r. */
  moveTo(r: number): void {
    const t = this.#trace;
    const row = t.requestRowStart[r]!;
    this.#row = row;
    this.index = r;
    this.id = t.requestIds[r]!;
    this.timestampMs = t.requestTimestampMs[r]!;
    this.prompt = t.prompts[r];
    const task = t.requestTask[r]!;
    this.task = task < 0 ? undefined : t.taskNames[task];
  }

  /** Read on demand: the row-level column is the one strided read of a view, and most policies never look. */
  get inputTokens(): number {
    return this.#trace.inputTokens[this.#row]!;
  }
}
