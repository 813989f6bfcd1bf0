import { Dict, grow } from './growable.ts';

/**
 * The per-request values of a trace being built: ids, the first prompt and task given, the arrival time.
 * Request-level values may appear on any of a request's rows; `merge` applies one row's.
 */
export class RequestTable {
  readonly ids = new Dict();
  readonly tasks = new Dict();
  readonly prompts: (string | undefined)[] = [];
  timestampMs = new Float64Array(1024);
  task = new Int32Array(1024);
  /** Characters of the strings kept per request (ids, prompts), for the memory estimate. */
  chars = 0;
  sawPrompt = false;
  sawTimestamp = false;
  sawTask = false;

  get count(): number {
    return this.prompts.length;
  }

  private lastId: string | undefined;
  private lastCode = -1;

  /** The request's code (first-appearance order); a new request starts with no prompt, task or time. */
  code(id: string): number {
    // A request's rows usually follow each other: comparing with the last id is cheaper than hashing it.
    if (id === this.lastId) return this.lastCode;
    const r = this.ids.code(id);
    this.lastId = id;
    this.lastCode = r;
    if (r === this.prompts.length) {
      this.chars += id.length;
      this.prompts.push(undefined);
      this.timestampMs = grow(this.timestampMs, r + 1);
      this.task = grow(this.task, r + 1);
      this.timestampMs[r] = NaN;
      this.task[r] = -1;
    }
    return r;
  }

  /**
   * One row's request-level values: the first prompt and task given win, and the earliest timestamp (an
   * order-free choice: the same rows shuffled give the same arrival time). Returns true when a first attempt
   * gives another time than the one known: later calls of a fallback chain or retry start later by nature,
   * only first attempts must agree.
   */
  merge(
    r: number,
    prompt: string | undefined,
    timestampMs: number,
    task: string | undefined,
    attempt: number,
  ): boolean {
    if (prompt !== undefined) {
      this.sawPrompt = true;
      if (this.prompts[r] === undefined) {
        this.prompts[r] = prompt;
        this.chars += prompt.length;
      }
    }
    if (task) {
      this.sawTask = true;
      if (this.task[r] === -1) this.task[r] = this.tasks.code(task);
    }
    if (timestampMs !== timestampMs) return false;
    this.sawTimestamp = true;
    const known = this.timestampMs[r]!;
    if (known !== known || timestampMs < known) this.timestampMs[r] = timestampMs;
    return attempt <= 1 && timestampMs !== known && known === known;
  }
}
