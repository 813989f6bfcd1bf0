/** `--help` text for policy specs, built from the registry so a new built-in can never be left out. */
import type { PolicyRegistry } from '../policy/registry.ts';

/** The --policy option's one-line description: every built-in's name, then the user-file form. */
export function policyOptionHelp(registry: PolicyRegistry, lead: string): string {
  const names = registry.list().map((d) => d.name);
  return `${lead}: ${names.join(', ')}, or ./my-policy.ts?k=v (usages below)`;
}

/** The block printed after the options: each built-in's usage, one per line. */
export function policyUsageHelp(registry: PolicyRegistry): string {
  const lines = registry.list().map((d) => `  ${d.usage}`);
  const file = '  ./my-policy.ts?key=value   a file whose default export is a Policy or a factory';
  return `\nBuilt-in policies (spec strings for --policy):\n${lines.join('\n')}\n${file}\n`;
}
