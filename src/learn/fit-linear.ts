/**
 * `--arch logistic` without TF.js: one logistic regression per candidate model over the CSR features,
 * fitted by L-BFGS on the exact objective of logistic-objective.ts. The L2 strength is chosen on a
 * seeded validation part of the training split (the same share and shuffle as the TF.js loop): a path
 * from strong to weak penalties, each fit warm-started from the previous one, stopped once the summed
 * validation log loss rises. Given model costs, a cross-model ranking term (logistic-objective.ts) is then
 * tried at that strength and kept if it routes the validation rows better (AIQ), and so are low-rank factor
 * heads that use the models jointly (choose-head.ts). The chosen objective is refitted on every training row.
 * The result is the kernel and bias of the same dense layer TF.js would have trained.
 */
import { createRng } from '../core/rng.ts';
import type { SparseMatrix } from './features/sparse-matrix.ts';
import type { FitReport } from './fit.ts';
import { positiveWeights } from './fit.ts';
import type { Labels } from './labels.ts';
import { lbfgs } from './lbfgs.ts';
import { validationAiq } from './validation-aiq.ts';
import { chooseHead, refitFactors } from './choose-head.ts';
import { headLogLoss, logisticObjective, parameterCount, type LogisticProblem } from './logistic-objective.ts';

/**
 * Candidate L2 strengths on the mean loss, strongest first, as multiples of 1/n (n = rows fitted): 1/n is
 * scikit-learn's default C = 1 on the summed loss, and the best strength for L2-normalised TF-IDF rows
 * moves with 1/n, so a grid in these units stays centred whatever the trace size.
 */
export const DEFAULT_L2_GRID_PER_ROW: readonly number[] = [10, 3, 1, 0.3, 0.1];

export interface LinearFitOptions {
  /** Share of the training rows held out to choose the L2 strength. */
  readonly validationShare: number;
  readonly classWeight: 'none' | 'balanced';
  readonly seed: number;
  /** One strength, or candidates to choose from on validation (default DEFAULT_L2_GRID_PER_ROW / n). */
  readonly l2?: number | readonly number[];
  /**
   * Per-model cost estimates (USD): with them, the weight β of the cross-model ranking term is chosen
   * among `pairWeights` by routing AIQ on the validation rows; without them β = 0 (independent heads).
   */
  readonly modelCostUsd?: readonly number[];
  /** Candidate β values besides 0 (default [1]). */
  readonly pairWeights?: readonly number[];
  /** Objective evaluations (passes over the non-zeros) allowed per fit. */
  readonly maxEvaluations?: number;
  readonly onEpoch?: (epoch: number, epochs: number, loss: number) => void;
}

export interface LinearFit {
  /** Row-major [D × M], the TF.js dense kernel layout. */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly l2: number;
  /** β of the ranking term chosen on validation (0 = independent heads). */
  readonly pairWeight: number;
  /** Rank of the factor head chosen on validation (choose-head.ts); 0 = the per-model sigmoid heads. */
  readonly rank: number;
  /** Objective evaluations over all fits (each one pass over the non-zeros). */
  readonly evaluations: number;
  /** An "epoch" here is one point of the L2 path; the losses are per point, the last is the refit. */
  readonly report: FitReport;
}

/**
 * scikit-learn's lbfgs stops at max |gradient| ≤ 1e-4 on the same mean loss; 1e-3 is as good on held-out
 * data for far fewer passes (on routellm-mmlu: held-out AUC 0.741 / 0.716 at either tolerance, 124 vs 253
 * passes for the L2 path and refit), and our rows carry ~9× the non-zeros of word-only TF-IDF (character
 * n-grams), so passes are what cost. Each point of the path takes at least one step: warm-started from the
 * previous strength, its gradient (the change of penalty times w) was already under 1e-3, the path stalled
 * at the second strength and the held-out AUC was 0.732 / 0.711.
 */
const SOLVER = { gradientTolerance: 1e-3, relativeTolerance: 1e-6, minIterations: 1 };

/** Fits the M heads on the rows of `x` (labels row-aligned); masked labels are skipped. */
export function fitLinear(x: SparseMatrix, labels: Labels, M: number, opts: LinearFitOptions): LinearFit {
  const rng = createRng(opts.seed);
  const order = Uint32Array.from({ length: x.rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const all = Uint32Array.from({ length: x.rows }, (_, i) => i);
  const pw = positiveWeights(labels, all, M, opts.classWeight);
  const maxEvaluations = opts.maxEvaluations ?? 300;
  const nVal = x.rows >= 20 && typeof opts.l2 !== 'number' ? Math.max(1, Math.round(x.rows * opts.validationShare)) : 0;
  const nFit = x.rows - nVal;
  const given = opts.l2 ?? DEFAULT_L2_GRID_PER_ROW.map((c) => c / nFit);
  // Nothing held out (tiny traces): scikit-learn's default, 1/n on the mean loss.
  const grid = typeof given === 'number' ? [given] : nVal > 0 ? [...given] : [1 / Math.max(1, x.rows)];
  const problem = (rows: Uint32Array, l2: number, pairWeight = 0): LogisticProblem => ({
    x,
    labels,
    M,
    rows,
    l2: new Float64Array(M).fill(l2),
    positiveWeights: pw,
    pairWeight,
  });

  let w: Float64Array = new Float64Array(parameterCount(x, M));
  let evaluations = 0;
  const trainLoss: number[] = [],
    validationLoss: number[] = [];
  let chosen = 0,
    best = Infinity,
    pairWeight = 0,
    rank = 0;
  let theta: Float64Array | undefined;
  if (nVal > 0) {
    const valRows = order.slice(0, nVal).sort(),
      fitRows = order.slice(nVal).sort();
    let bestW: Float64Array = w;
    // Validation loss is U-shaped along the path: the first point that does not improve it ends the path
    // (weak penalties cost the most passes; at the solver's tolerance ties go to the stronger penalty).
    for (let g = 0; g < grid.length; g++) {
      const p = problem(fitRows, grid[g]!);
      const r = lbfgs((v, grad) => logisticObjective(p, v, grad), w, { ...SOLVER, maxEvaluations });
      evaluations += r.evaluations;
      w = r.w;
      const val = headLogLoss(x, labels, M, valRows, w).reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0);
      trainLoss.push(r.value);
      validationLoss.push(val);
      opts.onEpoch?.(g + 1, grid.length + 1, val);
      if (val < best - 1e-9) {
        best = val;
        chosen = g;
        bestW = w;
      } else break;
    }
    w = bestW;
    const costs = opts.modelCostUsd;
    if (costs && M >= 2) {
      // The ranking term changes the scale of the loss, so candidates are compared by validation routing.
      let bestAiq = validationAiq(x, labels, M, valRows, w, costs);
      for (const beta of opts.pairWeights ?? [1]) {
        const p = problem(fitRows, grid[chosen]!, beta);
        const r = lbfgs((v, grad) => logisticObjective(p, v, grad), bestW, { ...SOLVER, maxEvaluations });
        evaluations += r.evaluations;
        const aiq = validationAiq(x, labels, M, valRows, r.w, costs);
        if (aiq > bestAiq + 1e-9) [bestAiq, pairWeight, w] = [aiq, beta, r.w];
      }
      // Factor fits start next to the linear optimum (its truncated SVD): fewer passes than a cold fit.
      const solver = { ...SOLVER, maxEvaluations: Math.min(maxEvaluations, 150) };
      const fit = problem(fitRows, grid[chosen]!, pairWeight);
      const head = chooseHead({ x, labels, M, fit, valRows, modelCostUsd: costs, w, aiq: bestAiq, solver });
      evaluations += head.evaluations;
      [rank, theta, w] = [head.rank, head.theta, head.w];
    }
  }
  const l2 = grid[chosen]!;
  const p = problem(all, l2, pairWeight);
  const r =
    rank > 0 && theta
      ? refitFactors(p, rank, theta, { ...SOLVER, maxEvaluations })
      : lbfgs((v, grad) => logisticObjective(p, v, grad), w, { ...SOLVER, maxEvaluations });
  evaluations += r.evaluations;
  trainLoss.push(r.value);
  validationLoss.push(nVal > 0 ? best : r.value);
  opts.onEpoch?.(trainLoss.length, trainLoss.length, r.value);

  const D = x.hashedDim + x.extrasDim;
  return {
    kernel: Float32Array.from(r.w.subarray(0, D * M)),
    bias: Float32Array.from(r.w.subarray(D * M)),
    l2,
    pairWeight,
    rank,
    evaluations,
    report: {
      epochsRun: trainLoss.length,
      bestEpoch: nVal > 0 ? chosen + 1 : 1,
      trainLoss,
      validationLoss,
      positiveWeights: pw,
    },
  };
}
