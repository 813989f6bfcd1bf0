/** The simulated-judge label of a swept cascade (see policies/cascade.ts): a sweep result must say it too. */
import type { SweepResults } from '../metrics/types.ts';
import { parseSpec } from '../policy/spec.ts';

/**
 * `results` with `simulated.judgeErrorRate` when the swept built-in is a cascade judged by the simulated judge
 * (null when the error rate itself is what is swept), and the line that says so; unchanged otherwise.
 */
export function labelSimulatedSweep(results: SweepResults, spec: string): { results: SweepResults; note: string } {
  const s = parseSpec(spec);
  if (s.kind !== 'builtin' || s.name !== 'cascade' || (s.options.accept ?? 'judge') !== 'judge')
    return { results, note: '' };
  const judgeErrorRate = results.param === 'epsilon' ? null : Number(s.options.epsilon);
  const rate = judgeErrorRate === null ? 'each point’s ε' : `ε=${judgeErrorRate}`;
  return {
    results: { ...results, simulated: { judgeErrorRate } },
    note:
      `simulated judge (${rate}): the cascade accepts by the recorded quality — ` +
      'a what-if curve, not a router you can deploy\n',
  };
}
