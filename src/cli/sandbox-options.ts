import type { Command } from 'commander';
import { z } from 'zod';
import { builtinRegistry } from '../../policies/index.ts';
import { resolvePolicy } from '../policy/resolve-policy.ts';
import { parseSpec } from '../policy/spec.ts';
import type { Policy } from '../policy/types.ts';
import { DEFAULT_POLICY_MEMORY_MB, DEFAULT_POLICY_TIMEOUT_S, SandboxedPolicy } from '../replay/sandboxed-policy.ts';
import { parseFlags } from './flag-schemas.ts';

/** The flags of the policy-file sandbox (replay): a time budget per run and a heap limit. */
export function withSandboxOptions(cmd: Command): Command {
  return cmd
    .option(
      '--policy-timeout <seconds>',
      'time budget of each policy FILE run (loading, init and every decision); 0 = none',
      String(DEFAULT_POLICY_TIMEOUT_S),
    )
    .option('--policy-memory <MB>', 'heap limit of each policy file run', String(DEFAULT_POLICY_MEMORY_MB));
}

const sandboxFlagsSchema = z.object({
  policyTimeout: z.coerce.number().min(0).max(86_400),
  policyMemory: z.coerce.number().int().min(16).max(65_536),
});

/**
 * The policies specs name: built-ins in process (the fast path), policy files each in a sandbox worker
 * (loaded now, so a file that is not a policy is a usage error before anything runs).
 */
export async function resolvePolicies(
  specs: readonly string[],
  flags: { policyTimeout?: string; policyMemory?: string },
): Promise<(Policy | SandboxedPolicy)[]> {
  const f = parseFlags(sandboxFlagsSchema, flags);
  const registry = builtinRegistry();
  const out: (Policy | SandboxedPolicy)[] = [];
  for (const spec of specs) {
    const parsed = parseSpec(spec);
    if (parsed.kind !== 'file') {
      out.push(await resolvePolicy(parsed, registry));
      continue;
    }
    const policy = await SandboxedPolicy.load(parsed, {
      cwd: process.cwd(),
      timeoutMs: f.policyTimeout * 1000,
      maxMemoryMb: f.policyMemory,
      // A policy's own console output goes to stderr, so `--json -` on stdout stays parseable.
      onOutput: (text) => process.stderr.write(text),
    });
    out.push(policy);
  }
  return out;
}
