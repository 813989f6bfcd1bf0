/**
 * Probability metrics (AUC, Brier, ECE per model, before and after calibration) of a saved router on
 * any trace — its own test split or another trace (`routelab train --eval`).
 */
import type { Trace } from '../traces/trace.ts';
import { ModelFileError } from '../core/errors.ts';
import { perModelMetrics } from './probability-metrics.ts';
import { traceFeatureInput } from './features/input.ts';
import { buildLabels } from './labels.ts';
import type { LoadedModel } from './model-dir.ts';
import { predictLogits } from './predictor.ts';
import { applyCalibration } from './calibrate.ts';
import type { ModelEvaluation } from './train.ts';

export function predictionMetrics(trace: Trace, requests: Uint32Array, model: LoadedModel): ModelEvaluation[] {
  const m = model.manifest;
  const codes = m.models.map((name) => trace.modelNames.indexOf(name));
  const missing = m.models.filter((_, i) => codes[i]! < 0);
  if (missing.length)
    throw new ModelFileError(
      `${trace.sources[0] ?? 'trace'}: the model in ${model.dir} was trained for ${m.models.join(', ')} but ` +
        `${missing.join(', ')} not in this trace; evaluate on a trace with those models`,
    );
  const M = codes.length;
  const threshold = m.labels.mode === 'binary' ? 0.5 : m.labels.threshold;
  const labels = buildLabels(trace, requests, codes, 'binary', threshold);
  const logits = predictLogits(
    model.featurizer,
    model.layers,
    Array.from(requests, (r) => traceFeatureInput(trace, r)),
  );
  const raw = perModelMetrics(
    logits.map((z) => 1 / (1 + Math.exp(-z))),
    labels.y,
    labels.mask,
    M,
  );
  const cal = perModelMetrics(
    logits.map((z, k) => applyCalibration(m.calibration as Parameters<typeof applyCalibration>[0], k % M, z)),
    labels.y,
    labels.mask,
    M,
  );
  return m.models.map((model, i) => ({ model, raw: raw[i]!, calibrated: cal[i]! }));
}
