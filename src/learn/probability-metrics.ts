/**
 * Per-model quality of the predicted probabilities on held-out requests: AUC (rank-based, ties get
 * the mid-rank), Brier score, expected calibration error over 10 equal-width bins, and the
 * reliability-diagram bins behind it.
 */
export interface ReliabilityBin {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  readonly meanPredicted: number | null;
  readonly meanObserved: number | null;
}

export interface ProbabilityMetrics {
  /** null when the held-out labels have only one class. */
  readonly auc: number | null;
  readonly brier: number;
  readonly ece: number;
  readonly positiveShare: number;
  readonly count: number;
  readonly bins: readonly ReliabilityBin[];
}

/** Mann–Whitney AUC of `scores` for binary `labels` (label ≥ 0.5 is positive). */
export function auc(scores: readonly number[], labels: readonly number[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0,
    rankSum = 0;
  for (let s = 0; s < idx.length; ) {
    let e = s;
    while (e + 1 < idx.length && scores[idx[e + 1]!] === scores[idx[s]!]) e++;
    const mid = (s + e) / 2 + 1;
    for (let k = s; k <= e; k++)
      if (labels[idx[k]!]! >= 0.5) {
        pos++;
        rankSum += mid;
      }
    s = e + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** AUC, Brier, ECE (10 bins) and the reliability bins of probabilities `p` against labels `y`. */
export function probabilityMetrics(p: readonly number[], y: readonly number[], nBins = 10): ProbabilityMetrics {
  const n = p.length;
  const cnt = new Array<number>(nBins).fill(0),
    sp = new Array<number>(nBins).fill(0),
    sy = new Array<number>(nBins).fill(0);
  let brier = 0,
    pos = 0;
  for (let i = 0; i < n; i++) {
    brier += (p[i]! - y[i]!) ** 2;
    pos += y[i]!;
    const b = Math.min(nBins - 1, Math.floor(p[i]! * nBins));
    cnt[b]!++;
    sp[b]! += p[i]!;
    sy[b]! += y[i]!;
  }
  let ece = 0;
  const bins: ReliabilityBin[] = cnt.map((c, b) => {
    if (c > 0) ece += (c / n) * Math.abs(sp[b]! / c - sy[b]! / c);
    return {
      lo: b / nBins,
      hi: (b + 1) / nBins,
      count: c,
      meanPredicted: c ? sp[b]! / c : null,
      meanObserved: c ? sy[b]! / c : null,
    };
  });
  return { auc: auc(p, y), brier: n ? brier / n : NaN, ece, positiveShare: n ? pos / n : NaN, count: n, bins };
}

/** Metrics for every model from row-major [n × M] probabilities and masked labels. */
export function perModelMetrics(
  prob: Float64Array,
  y: Float32Array,
  mask: Float32Array,
  M: number,
): ProbabilityMetrics[] {
  return Array.from({ length: M }, (_, m) => {
    const p: number[] = [],
      t: number[] = [];
    for (let k = m; k < prob.length; k += M)
      if (mask[k] === 1) {
        p.push(prob[k]!);
        t.push(y[k]!);
      }
    return probabilityMetrics(p, t);
  });
}
