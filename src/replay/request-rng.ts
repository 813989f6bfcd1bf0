import { createRng, hashString, type Rng } from '../core/rng.ts';

/**
 * The rng a run's decisions draw from (`ctx.rng`, weights sampling, simulated judges): one stream per
 * request, seeded by the run's seed and the request's id. A request's draws then do not depend on where it
 * sits in the file or which requests precede it, so shuffling the rows, or splitting the trace, leaves
 * every draw as it was. The stream is made on the request's first draw, so runs that never draw pay nothing.
 */
export class RequestRng implements Rng {
  private stream: Rng | undefined;
  private id = '';

  constructor(private readonly runSeed: number) {}

  /** Points the rng at the request with this id (its stream starts afresh at the first draw). */
  moveTo(requestId: string): void {
    this.id = requestId;
    this.stream = undefined;
  }

  private current(): Rng {
    if (!this.stream) this.stream = createRng(hashString(this.id, this.runSeed));
    return this.stream;
  }

  next(): number {
    return this.current().next();
  }

  int(n: number): number {
    return this.current().int(n);
  }

  fork(): Rng {
    return this.current().fork();
  }
}
