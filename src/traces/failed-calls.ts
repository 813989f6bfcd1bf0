import { failuresScoreZero } from './outcome.ts';
import type { Trace } from './trace.ts';

/**
 * Whether reading a call's quality as an outcome (outcome.ts) needs its status: failures score 0 in this trace
 * and some call failed. Hot loops over every row skip the status column when not — most evaluation traces.
 */
export function qualityNeedsStatus(trace: Trace): boolean {
  if (!failuresScoreZero(trace)) return false;
  const status = trace.status;
  for (let i = 0; i < status.length; i++) if (status[i] !== 0) return true;
  return false;
}
