import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { builtinPolicies } from '../../policies/index.ts';
import { registerReplay } from '../../src/cli/commands/replay.ts';

async function helpOf(command: string): Promise<string> {
  let out = '';
  const program = new Command('routelab').exitOverride().configureOutput({ writeOut: (s) => (out += s) });
  registerReplay(program);
  await expect(program.parseAsync([command, '--help'], { from: 'user' })).rejects.toThrow();
  return out;
}

describe('replay --help', () => {
  it('lists every built-in policy of the registry, by name and with its usage', async () => {
    const help = await helpOf('replay');
    const option = help.slice(help.indexOf('--policy <spec>'), help.indexOf('--baseline'));
    for (const d of builtinPolicies) {
      expect(option.replace(/\s+/g, ' ')).toContain(d.name);
      expect(help).toContain(`\n  ${d.usage}\n`);
    }
  });
});
