import { describe, expect, it } from 'vitest';
import { calibrationRemark } from '../../src/cli/calibration-remark.ts';
import type { ModelEvaluation } from '../../src/learn/train.ts';

const metrics = (ece: number) => ({ auc: 0.7, brier: 0.2, ece, positiveShare: 0.5, count: 100, bins: [] });
const evaluation = (model: string, raw: number, calibrated: number) =>
  ({ model, raw: metrics(raw), calibrated: metrics(calibrated) }) as unknown as ModelEvaluation;

describe('calibrationRemark', () => {
  it('names each model whose held-out ECE got worse, with both values, and how to avoid it', () => {
    const remark = calibrationRemark(
      [evaluation('a', 0.05, 0.02), evaluation('b', 0.031, 0.045), evaluation('c', 0.01, 0.01)],
      'temperature',
    );
    expect(remark).toBe(
      'temperature calibration made ECE worse on the held-out test split for b (0.031 → 0.045); the router still uses the calibrated probabilities: retrain with --calibration none or --calibration isotonic to compare',
    );
  });

  it('says nothing when calibration helped or changed nothing', () => {
    expect(
      calibrationRemark([evaluation('a', 0.05, 0.02), evaluation('c', 0.01, 0.01)], 'temperature'),
    ).toBeUndefined();
  });
});
