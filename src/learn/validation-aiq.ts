/**
 * How well weights route, measured on labelled validation rows: the AIQ (area under the non-decreasing
 * hull of the quality–cost curve over the models' cost range, RouterBench) of `argmax_m σ(z_m) − λ·ĉ_m`
 * swept over λ. It judges what the router is for — picking a model per prompt — so it can choose
 * between objectives whose log losses are not comparable (e.g. with and without the ranking term).
 */
import type { SparseMatrix } from './features/sparse-matrix.ts';
import type { Labels } from './labels.ts';
import { nonDecreasingHull } from '../metrics/curves.ts';
import { lambdaMax } from './route.ts';
import { rowLogits } from './logistic-objective.ts';

/** AIQ in quality units (labels as quality, unknown labels skipped) over [min ĉ, max ĉ]; NaN if costs are equal. */
export function validationAiq(
  x: SparseMatrix,
  labels: Labels,
  M: number,
  rows: Uint32Array,
  w: Float64Array,
  modelCostUsd: readonly number[],
  steps = 24,
): number {
  const cMin = Math.min(...modelCostUsd),
    cMax = Math.max(...modelCostUsd);
  if (!(cMax > cMin)) return NaN;
  const prob = new Float64Array(rows.length * M),
    z = new Float64Array(M);
  rows.forEach((r, i) => {
    rowLogits(x, M, w, r, z);
    for (let m = 0; m < M; m++) prob[i * M + m] = 1 / (1 + Math.exp(-z[m]!));
  });
  const hi = lambdaMax(modelCostUsd);
  const lambdas = [0, ...Array.from({ length: steps }, (_, i) => hi * 10 ** (-5 + (5 * i) / (steps - 1)))];
  const cheapest = modelCostUsd.indexOf(cMin);
  const points = lambdas.map((lambda) => routeAll(labels, M, rows, prob, modelCostUsd, lambda));
  points.push(routeAll(labels, M, rows, prob, modelCostUsd, Infinity, cheapest));
  return hullAiq(points, cMax);
}

/**
 * AIQ of routed (mean cost x, mean quality q) points: the area under their non-decreasing hull, extended flat
 * to `cMax`, over the cost range it spans; NaN when no point has a known quality.
 */
export function hullAiq(points: { x: number; q: number }[], cMax: number): number {
  const hull = nonDecreasingHull(points.filter((p) => Number.isFinite(p.q)));
  const last = hull[hull.length - 1];
  if (!last) return NaN;
  if (last.x < cMax) hull.push({ x: cMax, q: last.q });
  let area = 0;
  for (let i = 1; i < hull.length; i++) area += ((hull[i]!.q + hull[i - 1]!.q) / 2) * (hull[i]!.x - hull[i - 1]!.x);
  return area / (cMax - hull[0]!.x);
}

/** Mean cost (x) and mean known quality (q) of routing every row at one λ (or always `fixed`). */
function routeAll(
  labels: Labels,
  M: number,
  rows: Uint32Array,
  prob: Float64Array,
  costUsd: readonly number[],
  lambda: number,
  fixed = -1,
): { x: number; q: number } {
  let cost = 0,
    quality = 0,
    known = 0;
  rows.forEach((r, i) => {
    let best = fixed;
    if (best < 0) {
      let score = -Infinity;
      for (let m = 0; m < M; m++) {
        const s = prob[i * M + m]! - lambda * costUsd[m]!;
        if (s > score) [best, score] = [m, s];
      }
    }
    cost += costUsd[best]!;
    if (labels.mask[r * M + best] === 1) {
      quality += labels.y[r * M + best]!;
      known++;
    }
  });
  return { x: cost / rows.length, q: known > 0 ? quality / known : NaN };
}
