import type { CatalogModel } from '../policy/types.ts';
import type { Trace } from '../traces/trace.ts';
import { buildCellIndex } from './cell-index.ts';
import { ReplayRequestView } from './request-view.ts';
import { replayOrder } from './replay-order.ts';
import type { ReplayWorld } from './run-policy.ts';

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
