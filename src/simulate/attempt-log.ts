/** Attempt (call) states. */
export const QUEUED = 0,
  RUNNING = 1,
  DONE = 2;

/** Final statuses of calls and requests; `unsupported` = the trace has no answer for that model. */
export const SIM_STATUSES = ['ok', 'error', 'timeout', 'rate_limited', 'unsupported'] as const;
export type SimStatus = (typeof SIM_STATUSES)[number];
export const OK = 0,
  ERROR = 1,
  TIMEOUT = 2,
  RATE_LIMITED = 3,
  UNSUPPORTED = 4;

/**
 * Every call the gateway sent, in send order, as growable columns (one row per attempt). Times in epoch
 * ms on the trace clock; `startMs` is NaN for a call that never got a slot.
 */
export class AttemptLog {
  size = 0;
  request = new Int32Array(1024);
  provider = new Int32Array(1024);
  row = new Int32Array(1024);
  sendMs = new Float64Array(1024);
  startMs = new Float64Array(1024);
  endMs = new Float64Array(1024);
  serviceMs = new Float64Array(1024);
  tokens = new Float64Array(1024);
  costUsd = new Float64Array(1024);
  state = new Uint8Array(1024);
  /** The outcome it will have if it runs to its end (drawn when it starts). */
  planned = new Uint8Array(1024);
  status = new Uint8Array(1024);
  /** 1 when the provider took the call (counted in its rpm/tpm windows), 0 for a call refused at once. */
  accepted = new Uint8Array(1024);

  /** Appends a call and returns its id. */
  add(request: number, provider: number, row: number, sendMs: number, tokens: number): number {
    if (this.size === this.request.length) this.grow();
    const a = this.size++;
    this.request[a] = request;
    this.provider[a] = provider;
    this.row[a] = row;
    this.sendMs[a] = sendMs;
    this.startMs[a] = NaN;
    this.endMs[a] = NaN;
    this.serviceMs[a] = NaN;
    this.tokens[a] = tokens;
    this.costUsd[a] = 0;
    this.state[a] = QUEUED;
    this.planned[a] = OK;
    this.status[a] = OK;
    this.accepted[a] = 0;
    return a;
  }

  private grow(): void {
    const n = this.request.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    const f64 = (k: number) => new Float64Array(k),
      i32 = (k: number) => new Int32Array(k),
      u8 = (k: number) => new Uint8Array(k);
    this.request = g(this.request, i32);
    this.provider = g(this.provider, i32);
    this.row = g(this.row, i32);
    this.sendMs = g(this.sendMs, f64);
    this.startMs = g(this.startMs, f64);
    this.endMs = g(this.endMs, f64);
    this.serviceMs = g(this.serviceMs, f64);
    this.tokens = g(this.tokens, f64);
    this.costUsd = g(this.costUsd, f64);
    this.state = g(this.state, u8);
    this.planned = g(this.planned, u8);
    this.status = g(this.status, u8);
    this.accepted = g(this.accepted, u8);
  }
}
