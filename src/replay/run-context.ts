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
