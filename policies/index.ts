/**
 * The built-in policies, one file each, written exactly as a user policy would be. The CLI builds its
 * registry from this list (duplicate names are refused there); a test checks every file is listed.
 */
import { type PolicyDefinition, PolicyRegistry } from 'routelab/policy';
import { always } from './always.ts';
import { bestPrior } from './best-prior.ts';
import { budget } from './budget.ts';
import { cascade } from './cascade.ts';
import { cheapest } from './cheapest.ts';
import { fastest } from './fastest.ts';
import { knn } from './knn.ts';
import { latencySlo } from './latency-slo.ts';
import { leastBusy } from './least-busy.ts';
import { learned } from './learned.ts';
import { random } from './random.ts';
import { threshold } from './threshold.ts';
import { weighted } from './weighted.ts';

export const builtinPolicies: readonly PolicyDefinition[] = [
  always,
  random,
  weighted,
  cheapest,
  fastest,
  bestPrior,
  budget,
  cascade,
  threshold,
  knn,
  learned,
  leastBusy,
  latencySlo,
];

/** A registry holding every built-in; add user definitions with `register`. */
export function builtinRegistry(): PolicyRegistry {
  return new PolicyRegistry(builtinPolicies);
}
