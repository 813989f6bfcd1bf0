import type { RequestView } from '../policy/types.ts';
import { tagNumbers } from '../traces/tag-numbers.ts';
import type { TagColumn, Trace } from '../traces/trace.ts';

/**
 * The one RequestView a replay shows its policies, moved from request to request with `moveTo` so that
 * deciding allocates nothing. Everything but `index` is read on demand — most policies look at nothing or
 * at one field, and moving costs two stores — through enumerable getters, so the view still spreads and
 * lists (`{...req}`, `Object.keys(req)`) like a plain object: index, id, timestampMs, prompt, task, tags.
 */
export class ReplayRequestView implements RequestView {
  index = 0;
  declare readonly id: string;
  declare readonly timestampMs: number;
  declare readonly prompt: string | undefined;
  declare readonly task: string | undefined;
  declare readonly tags: Readonly<Record<string, string>>;
  // Truly private (#): a policy must not reach the trace, and through it the outcomes, from its view.
  readonly #trace: Trace;
  #row = 0;
  readonly #tagColumns = new Map<string, TagColumn>();
  // Parsed on first use: most traces' tags are never read as numbers.
  readonly #tagNumbers = new Map<string, Float64Array>();

  constructor(trace: Trace) {
    this.#trace = trace;
    Object.defineProperties(this, {
      id: { enumerable: true, get: () => trace.requestIds[this.index]! },
      timestampMs: { enumerable: true, get: () => trace.requestTimestampMs[this.index]! },
      prompt: { enumerable: true, get: () => trace.prompts[this.index] },
      task: {
        enumerable: true,
        get: () => {
          const task = trace.requestTask[this.index]!;
          return task < 0 ? undefined : trace.taskNames[task];
        },
      },
    });
    const tags: Record<string, string> = {};
    for (const column of trace.tags) {
      this.#tagColumns.set(column.name, column);
      Object.defineProperty(tags, column.name, {
        enumerable: true,
        get: () => {
          const c = column.codes[this.#row]!;
          return c < 0 ? undefined : column.values[c];
        },
      });
    }
    // Assigned after the getters so that keys keep the order of the RequestView contract.
    this.tags = Object.freeze(tags);
  }

  tagNumber(name: string): number {
    const column = this.#tagColumns.get(name);
    if (!column) return Number.NaN;
    let numbers = this.#tagNumbers.get(name);
    if (!numbers) {
      numbers = tagNumbers(column);
      this.#tagNumbers.set(name, numbers);
    }
    const c = column.codes[this.#row]!;
    return c < 0 ? Number.NaN : numbers[c]!;
  }

  /** Points the view at request r. */
  moveTo(r: number): void {
    this.index = r;
    this.#row = this.#trace.requestRowStart[r]!;
  }

  /** Read on demand: the row-level column is the one strided read of a view, and most policies never look. */
  get inputTokens(): number {
    return this.#trace.inputTokens[this.#row]!;
  }
}
