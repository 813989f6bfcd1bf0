/**
 * How long one model's answers are relative to another's, learned where both answered the same prompts
 * (a full-information trace: the bundled datasets or the user's own evaluation). The ratio of means
 * r = Σ o_b / Σ o_a over shared requests estimates E[o_b] / E[o_a] directly; its standard error comes from the
 * delta method, se(r) = sd(o_b − r·o_a) / (√n · mean(o_a)), and is carried into the cost CI.
 */
import type { Trace } from '../../traces/trace.ts';

export interface LengthRatio {
  readonly ratio: number;
  readonly se: number;
  /** Shared requests the ratio was learned from. */
  readonly requests: number;
}

/** Output-length ratios b/a for every ordered pair of models answering (status ok) the same requests. */
export function learnLengthRatios(trace: Trace): Map<string, LengthRatio> {
  const M = trace.modelNames.length;
  const out = new Map<string, LengthRatio>();
  const tokens = new Float64Array(M);
  const pairs: number[][][] = Array.from({ length: M * M }, () => [[], []]);
  for (let r = 0; r < trace.requestCount; r++) {
    tokens.fill(NaN);
    for (let i = trace.requestRowStart[r]!, end = trace.requestRowStart[r + 1]!; i < end; i++) {
      if (trace.status[i] === 0 && trace.outputTokens[i]! >= 0) tokens[trace.rowModel[i]!] = trace.outputTokens[i]!;
    }
    for (let a = 0; a < M; a++) {
      if (Number.isNaN(tokens[a]!)) continue;
      for (let b = 0; b < M; b++) {
        if (a === b || Number.isNaN(tokens[b]!)) continue;
        pairs[a * M + b]![0]!.push(tokens[a]!);
        pairs[a * M + b]![1]!.push(tokens[b]!);
      }
    }
  }
  for (let a = 0; a < M; a++) {
    for (let b = 0; b < M; b++) {
      const [oa, ob] = pairs[a * M + b]!;
      const n = oa!.length;
      const sa = oa!.reduce((s, x) => s + x, 0);
      if (n < 2 || !(sa > 0)) continue;
      const ratio = ob!.reduce((s, x) => s + x, 0) / sa;
      let ss = 0;
      for (let k = 0; k < n; k++) ss += (ob![k]! - ratio * oa![k]!) ** 2;
      const se = Math.sqrt(ss / (n - 1)) / (Math.sqrt(n) * (sa / n));
      out.set(pairKey(trace.modelNames[a]!, trace.modelNames[b]!), { ratio, se, requests: n });
    }
  }
  return out;
}

export function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
