/** What `routelab train` says when calibrating the predicted probabilities made them worse. */
import type { ModelEvaluation } from '../learn/train.ts';

/**
 * A remark naming every model whose expected calibration error on the held-out test split is higher after
 * calibration than before (with both ECEs), or undefined when calibration helped or changed nothing.
 * Temperature scaling minimises log-loss on the calibration split, which need not lower ECE on new requests.
 */
export function calibrationRemark(metrics: readonly ModelEvaluation[], calibration: string): string | undefined {
  const worse = metrics.filter((m) => m.calibrated.ece > m.raw.ece);
  if (worse.length === 0) return undefined;
  const list = worse.map((m) => `${m.model} (${m.raw.ece.toFixed(3)} → ${m.calibrated.ece.toFixed(3)})`).join(', ');
  const other = calibration === 'isotonic' ? '--calibration temperature' : '--calibration isotonic';
  return (
    `${calibration} calibration made ECE worse on the held-out test split for ${list}; ` +
    `the router still uses the calibrated probabilities: retrain with --calibration none or ${other} to compare`
  );
}
