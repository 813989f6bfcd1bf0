import type { CatalogModel, DecideContext } from '../policy/types.ts';
import type { RequestRng } from './request-rng.ts';

/** The one DecideContext of a run, updated in place before each decision. */
export class RunContext implements DecideContext {
  nowMs = NaN;
  spentUsd = 0;
  constructor(
    readonly catalog: readonly CatalogModel[],
    readonly rng: RequestRng,
  ) {}
}

/**
 * What one policy's run carries from a chunk of a streamed replay to the next (evaluate/stream-replay.ts):
 * init runs only while `initialized` is false (the caller sets it after the first chunk), and ctx.spentUsd
 * keeps adding up.
 */
export interface RunCarry {
  initialized: boolean;
  spentUsd: number;
}
