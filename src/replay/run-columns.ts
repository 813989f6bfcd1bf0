import { CHOSEN_ERROR } from './types.ts';

/** The per-request output columns of one run (see RunDecisions for their meaning). */
export interface RunColumns {
  readonly quality: Float64Array;
  readonly costUsd: Float64Array;
  readonly latencyMs: Float64Array;
  readonly propensity: Float64Array;
  readonly chosen: Int32Array;
  readonly wanted: Int32Array;
  readonly costEstimated: Uint8Array;
}

/** Largest single allocation: big enough that a typical replay is one, small enough to always succeed. */
const SLAB_BYTES = 2 ** 30;

/**
 * The output columns of `runs` runs over `requests` requests, carved out of as few ArrayBuffers as
 * possible (zero-filled; every column is overwritten by the run). Why one allocation: V8 counts typed-array
 * memory as external and starts a full mark-compact of the heap each time it grows by ~64 MB, so seven
 * arrays per run (41 bytes per request) cost about one full GC per policy on a 1M-request trace — one
 * per replay instead. Memory is the same as separate arrays; runs of one slab are freed together.
 */
export function allocateRunColumns(requests: number, runs: number): RunColumns[] {
  const R = requests;
  // Float64 columns first, then Int32, then Uint8, each run padded to 8 bytes so the next run's
  // Float64 columns stay aligned.
  const runBytes = Math.ceil((4 * 8 * R + 2 * 4 * R + R) / 8) * 8;
  const perSlab = Math.max(1, Math.floor(SLAB_BYTES / Math.max(runBytes, 1)));
  const out: RunColumns[] = [];
  for (let first = 0; first < runs; first += perSlab) {
    const n = Math.min(perSlab, runs - first);
    const slab = new ArrayBuffer(runBytes * n);
    for (let i = 0; i < n; i++) {
      let at = i * runBytes;
      const f64 = (): Float64Array => ((at += 8 * R), new Float64Array(slab, at - 8 * R, R));
      const i32 = (): Int32Array => ((at += 4 * R), new Int32Array(slab, at - 4 * R, R));
      out.push({
        quality: f64(),
        costUsd: f64(),
        latencyMs: f64(),
        propensity: f64(),
        chosen: i32(),
        wanted: i32(),
        costEstimated: new Uint8Array(slab, at, R),
      });
    }
  }
  return out;
}

/** Marks the requests at `order[k…]` as not decided: the policy failed before them, so nothing of theirs is known. */
export function voidRequests(columns: RunColumns, order: Uint32Array, k: number): void {
  for (let j = k; j < order.length; j++) {
    const q = order[j]!;
    columns.chosen[q] = CHOSEN_ERROR;
    columns.quality[q] = NaN;
    columns.costUsd[q] = NaN;
    columns.costEstimated[q] = 0;
    columns.latencyMs[q] = NaN;
    columns.propensity[q] = NaN;
    columns.wanted[q] = CHOSEN_ERROR;
  }
}
