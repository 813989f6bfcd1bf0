import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinPolicies, builtinRegistry } from '../../policies/index.ts';

const dir = fileURLToPath(new URL('../../policies/', import.meta.url));

describe('policies/index.ts', () => {
  it('lists every policy file of policies/', async () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const listed = new Set(builtinPolicies);
    for (const f of files) {
      const mod = (await import(`${dir}${f}`)) as Record<string, unknown>;
      const defs = Object.values(mod).filter((v) => typeof v === 'object' && v !== null && 'factory' in v);
      expect(defs.length, `${f} exports a PolicyDefinition`).toBe(1);
      expect(listed.has(defs[0] as never), `${f} is listed in policies/index.ts`).toBe(true);
    }
  });

  it('has no two policies with the same name', () => {
    const names = builtinPolicies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(() => builtinRegistry()).not.toThrow();
  });
});
