import type { CatalogModel } from '../policy/types.ts';
import type { Trace } from '../traces/trace.ts';
import { buildCellIndex } from './cell-index.ts';
import { ReplayRequestView } from './request-view.ts';
import { replayOrder } from './replay-order.ts';
import type { IdHashes } from './request-rng.ts';
import type { CellIndex } from './cell-index.ts';

/** Everything a replay shares between its policies (built once per trace). */
export interface ReplayWorld {
  readonly trace: Trace;
  readonly train: Trace | undefined;
  readonly cells: CellIndex;
  readonly order: Uint32Array;
  readonly catalog: readonly CatalogModel[];
  readonly codes: ReadonlyMap<string, number>;
  readonly view: ReplayRequestView;
  readonly progress: (requestsDone: number) => void;
  /** Request-id hashes for the per-request rng streams, filled at the first draw and shared by every run. */
  readonly idHashes: IdHashes;
}

/** What every run of one replay shares, built once: in the main thread, or in a policy's sandbox worker. */
export function replayWorld(
  trace: Trace,
  train: Trace | undefined,
  catalog: readonly CatalogModel[],
  progress: (requestsDone: number) => void,
): ReplayWorld {
  return {
    trace,
    train,
    cells: buildCellIndex(trace),
    order: replayOrder(trace),
    catalog,
    codes: new Map(trace.modelNames.map((m, i) => [m, i])),
    view: new ReplayRequestView(trace),
    progress,
    idHashes: {},
  };
}
