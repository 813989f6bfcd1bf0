/**
 * Training targets per request × candidate model: the recorded quality (binary: ≥ threshold; graded:
 * the score itself as a soft label) and a mask that is 0 where the trace has no known quality, so a
 * missing row never counts as a failure.
 */
import type { Trace } from '../traces/trace.ts';

export type LabelMode = 'binary' | 'graded';

export interface Labels {
  /** Row-major [requests × models]. */
  readonly y: Float32Array;
  readonly mask: Float32Array;
  readonly mode: LabelMode;
}

/** 'binary' when every known quality is 0 or 1, else 'graded'. */
export function detectLabelMode(trace: Trace): LabelMode {
  for (let i = 0; i < trace.rowCount; i++) {
    const q = trace.quality[i]!;
    if (!Number.isNaN(q) && q !== 0 && q !== 1) return 'graded';
  }
  return 'binary';
}

/**
 * Labels of `requests` for `models` (model codes of the trace). Quality of a request × model is the
 * first row with a known quality (retries after an error usually carry none).
 */
export function buildLabels(
  trace: Trace,
  requests: Uint32Array,
  models: readonly number[],
  mode: LabelMode,
  threshold = 0.5,
): Labels {
  const M = models.length;
  const y = new Float32Array(requests.length * M);
  const mask = new Float32Array(requests.length * M);
  const slot = new Int32Array(trace.modelNames.length).fill(-1);
  models.forEach((code, m) => (slot[code] = m));
  requests.forEach((r, i) => {
    for (let row = trace.requestRowStart[r]!; row < trace.requestRowStart[r + 1]!; row++) {
      const m = slot[trace.rowModel[row]!]!;
      const q = trace.quality[row]!;
      if (m < 0 || Number.isNaN(q) || mask[i * M + m] === 1) continue;
      y[i * M + m] = mode === 'binary' ? (q >= threshold ? 1 : 0) : q;
      mask[i * M + m] = 1;
    }
  });
  return { y, mask, mode };
}

/** Per-request recorded quality and cost per model, NaN where unknown (for calibrating λ). */
export function outcomeMatrix(
  trace: Trace,
  requests: Uint32Array,
  models: readonly number[],
): { quality: Float64Array; costUsd: Float64Array } {
  const M = models.length;
  const quality = new Float64Array(requests.length * M).fill(NaN);
  const costUsd = new Float64Array(requests.length * M).fill(NaN);
  const slot = new Int32Array(trace.modelNames.length).fill(-1);
  models.forEach((code, m) => (slot[code] = m));
  requests.forEach((r, i) => {
    for (let row = trace.requestRowStart[r]!; row < trace.requestRowStart[r + 1]!; row++) {
      const m = slot[trace.rowModel[row]!]!;
      if (m < 0) continue;
      const k = i * M + m;
      if (Number.isNaN(quality[k]!)) quality[k] = trace.quality[row]!;
      const c = trace.costUsd[row]!;
      // Retries are paid too: cost adds up over every attempt of this model.
      if (!Number.isNaN(c)) costUsd[k] = Number.isNaN(costUsd[k]!) ? c : costUsd[k]! + c;
    }
  });
  return { quality, costUsd };
}
