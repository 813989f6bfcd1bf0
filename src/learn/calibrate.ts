/**
 * Per-model probability calibration fitted on the calibration split: temperature scaling of the logit
 * (one number per model, keeps the ranking) or isotonic regression (pool-adjacent-violators, a
 * monotone step map that can also fix a biased intercept).
 */
export type CalibrationType = 'none' | 'temperature' | 'isotonic';

export type Calibration =
  | { readonly type: 'none' }
  | { readonly type: 'temperature'; readonly temperatures: readonly number[] }
  | {
      readonly type: 'isotonic';
      readonly maps: readonly { readonly x: readonly number[]; readonly y: readonly number[] }[];
    };

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Calibrated probability of model `m` for a raw logit. */
export function applyCalibration(c: Calibration, m: number, logit: number): number {
  if (c.type === 'temperature') return sigmoid(logit / c.temperatures[m]!);
  const p = sigmoid(logit);
  if (c.type === 'none') return p;
  const { x, y } = c.maps[m]!;
  if (x.length === 0) return p;
  if (p <= x[0]!) return y[0]!;
  if (p >= x[x.length - 1]!) return y[y.length - 1]!;
  let lo = 0,
    hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= p) lo = mid;
    else hi = mid;
  }
  const t = (p - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

function nll(z: readonly number[], y: readonly number[], u: number): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    const a = z[i]! * u;
    // softplus(a) − y·a = −[y log σ(a) + (1−y) log(1−σ(a))]
    s += Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))) - y[i]! * a;
  }
  return s;
}

/** Temperature T minimising the log loss of σ(z/T); the loss is convex in 1/T, so golden-section finds it. */
export function fitTemperature(logits: readonly number[], labels: readonly number[]): number {
  if (logits.length === 0) return 1;
  let a = 0.01,
    b = 20;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a),
    d = a + g * (b - a);
  let fc = nll(logits, labels, c),
    fd = nll(logits, labels, d);
  for (let i = 0; i < 80; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = nll(logits, labels, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = nll(logits, labels, d);
    }
  }
  return 1 / ((a + b) / 2);
}

/** Isotonic (non-decreasing) fit of labels on scores by pool-adjacent-violators; returns block knots. */
export function fitIsotonic(scores: readonly number[], labels: readonly number[]): { x: number[]; y: number[] } {
  const idx = scores.map((_, i) => i).sort((i, j) => scores[i]! - scores[j]! || i - j);
  const bx: number[] = [],
    by: number[] = [],
    bw: number[] = [];
  for (const i of idx) {
    bx.push(scores[i]!);
    by.push(labels[i]!);
    bw.push(1);
    while (by.length > 1 && by[by.length - 2]! >= by[by.length - 1]!) {
      const w1 = bw.pop()!,
        y1 = by.pop()!,
        x1 = bx.pop()!;
      const w0 = bw[bw.length - 1]!,
        w = w0 + w1;
      by[by.length - 1] = (by[by.length - 1]! * w0 + y1 * w1) / w;
      bx[bx.length - 1] = (bx[bx.length - 1]! * w0 + x1 * w1) / w;
      bw[bw.length - 1] = w;
    }
  }
  return { x: bx, y: by };
}

/** Fits one calibration per model from calibration-split logits (row-major [n × M]) and masked labels. */
export function fitCalibration(
  type: CalibrationType,
  logits: Float64Array,
  y: Float32Array,
  mask: Float32Array,
  M: number,
): Calibration {
  if (type === 'none') return { type };
  const perModel = Array.from({ length: M }, (_, m) => {
    const z: number[] = [],
      t: number[] = [];
    for (let k = m; k < logits.length; k += M)
      if (mask[k] === 1) {
        z.push(logits[k]!);
        t.push(y[k]!);
      }
    return { z, t };
  });
  if (type === 'temperature') return { type, temperatures: perModel.map(({ z, t }) => fitTemperature(z, t)) };
  return { type, maps: perModel.map(({ z, t }) => fitIsotonic(z.map(sigmoid), t)) };
}
