/**
 * The joint head offered beside the per-model sigmoid heads: low-rank kernels (factor-objective.ts) of ranks
 * 1, 2, 4 (below the number of models), fitted on the fitting part of the training split at the L2 strength
 * and ranking weight already chosen, warm-started from the truncated SVD of the chosen linear head. A rank is
 * kept only if it routes the VALIDATION rows better (AIQ, validation-aiq.ts) than the best head so far AND does
 * not predict them worse (summed per-head log loss): AIQ over a few hundred rows is noisy, and on one unseen
 * 9-model set a rank-4 head won validation AIQ by chance while losing 0.04 of test AUC. The test split never
 * reaches this code (fit-linear.ts sees the training split only).
 */
import type { SparseMatrix } from './features/sparse-matrix.ts';
import type { Labels } from './labels.ts';
import { lbfgs, type LbfgsOptions } from './lbfgs.ts';
import { headLogLoss, type LogisticProblem } from './logistic-objective.ts';
import { collapseFactors, factorObjective, factorsFromLinear } from './factor-objective.ts';
import { validationAiq } from './validation-aiq.ts';

/**
 * Ranks tried (those below M). None for two models: a rank-1 kernel only makes the two heads' weight vectors
 * parallel, which the ranking term models more directly, and its trial doubled the solver's passes on the
 * RouteLLM pairs without ever being kept.
 */
export const LOW_RANKS: readonly number[] = [1, 2, 4];

export interface HeadChoice {
  /** 0 = the linear (per-model sigmoid) head; k > 0 = rank-k factor head. */
  readonly rank: number;
  /** Linear parameters [W, b] of the chosen head (W = P·U for a factor head). */
  readonly w: Float64Array;
  /** θ of the factor head (warm start of its refit on all rows); undefined for rank 0. */
  readonly theta?: Float64Array;
  readonly aiq: number;
  readonly evaluations: number;
}

export interface HeadSearch {
  readonly x: SparseMatrix;
  readonly labels: Labels;
  readonly M: number;
  /** The problem on the fitting rows, at the chosen L2 strength and ranking weight. */
  readonly fit: LogisticProblem;
  readonly valRows: Uint32Array;
  readonly modelCostUsd: readonly number[];
  /** The chosen linear head and its validation AIQ. */
  readonly w: Float64Array;
  readonly aiq: number;
  readonly solver: LbfgsOptions;
  readonly ranks?: readonly number[];
}

/** The head with the best validation AIQ among the linear one and the low-rank ones (ties: the linear one). */
export function chooseHead(s: HeadSearch): HeadChoice {
  const D = s.x.hashedDim + s.x.extrasDim;
  const l2 = s.fit.l2[0] ?? 0;
  let best: HeadChoice = { rank: 0, w: s.w, aiq: s.aiq, evaluations: 0 };
  const loss = (w: Float64Array) =>
    headLogLoss(s.x, s.labels, s.M, s.valRows, w).reduce((a, v) => a + (Number.isNaN(v) ? 0 : v), 0);
  const linearLoss = loss(s.w);
  let evaluations = 0;
  for (const k of s.ranks ?? LOW_RANKS) {
    if (k >= s.M || s.M === 2) continue;
    const r = lbfgs(factorObjective(s.fit, k, l2), factorsFromLinear(s.w, D, s.M, k), s.solver);
    evaluations += r.evaluations;
    const w = collapseFactors(r.w, D, s.M, k);
    const aiq = validationAiq(s.x, s.labels, s.M, s.valRows, w, s.modelCostUsd);
    if (aiq > best.aiq + 1e-9 && loss(w) <= linearLoss) best = { rank: k, w, theta: r.w, aiq, evaluations: 0 };
  }
  return { ...best, evaluations };
}

/** Refits a factor head of rank k on `problem`'s rows from θ; returns the linear parameters and passes. */
export function refitFactors(
  problem: LogisticProblem,
  k: number,
  theta: Float64Array,
  solver: LbfgsOptions,
): { w: Float64Array; value: number; evaluations: number } {
  const D = problem.x.hashedDim + problem.x.extrasDim;
  const r = lbfgs(factorObjective(problem, k, problem.l2[0] ?? 0), theta, solver);
  return { w: collapseFactors(r.w, D, problem.M, k), value: r.value, evaluations: r.evaluations };
}
