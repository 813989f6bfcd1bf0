import type { KeyedDraws } from '../core/keyed-draw.ts';
import { STATUSES, type Trace } from '../traces/trace.ts';
import type { PreparedCascade } from './prepare-decision.ts';

const OK = STATUSES.indexOf('ok');

/** Whether cascade `c`'s accept rule takes the answer in `row` at `step` of request `r`; a failed call never is. */
export function cascadeAccepts(
  t: Trace,
  draws: KeyedDraws,
  c: PreparedCascade,
  row: number,
  r: number,
  step: number,
): boolean {
  if (t.status[row] !== OK) return false;
  const rule = c.rule;
  if (rule.type === 'noisy-judge') {
    // RouterBench's judge: the truth (quality ≥ threshold; unknown quality counts as below) flipped
    // with probability errorRate, drawn per (seed, policy name, request, step); ε is in the name, so two ε
    // values draw independently rather than sharing random numbers.
    const truth = t.quality[row]! >= rule.threshold;
    return draws.uniform(r, 1 + step) < rule.errorRate ? !truth : truth;
  }
  // The score is a column of the answer's (final attempt's) row.
  const scores = c.scores!;
  const code = scores.codes[row]!;
  return code >= 0 && scores.values[code]! >= rule.threshold;
}
