import type { Policy } from './types.ts';
import type { PolicyRegistry } from './registry.ts';
import { parseSpec, type PolicySpec } from './spec.ts';
import { checkPolicyShape, loadUserPolicy } from './load-user-policy.ts';

/**
 * The policy a spec string names: a registered built-in, or a user file loaded relative to `cwd`.
 * The registry is passed in because `policies/` (the built-ins) sits above this layer; `cli/` assembles it.
 */
export async function resolvePolicy(
  spec: string | PolicySpec,
  registry: PolicyRegistry,
  options: { cwd?: string } = {},
): Promise<Policy> {
  const parsed = typeof spec === 'string' ? parseSpec(spec) : spec;
  if (parsed.kind === 'file') return loadUserPolicy(parsed, options.cwd ?? process.cwd());
  return checkPolicyShape(await registry.create(parsed), `policy spec "${parsed.source}"`);
}

/** `resolvePolicy` bound to a registry and folder: what the CLI hands to the evaluation stage. */
export function policyMaker(
  registry: PolicyRegistry,
  options: { cwd?: string } = {},
): (spec: string | PolicySpec) => Promise<Policy> {
  return (spec) => resolvePolicy(spec, registry, options);
}
