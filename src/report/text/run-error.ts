import { PolicyError } from '../../core/errors.ts';
import type { RunError } from '../../metrics/types.ts';

/** A failed run's error in words, as the PolicyError that caused it said them (CLI, CSV and report alike). */
export function describeRunError(e: RunError): string {
  const phase = e.phase ?? undefined;
  return new PolicyError(e.policy, e.requestId ?? undefined, e.detail, phase ? { phase } : {}).message;
}
