import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { PolicyRegistry } from '../../src/policy/registry.ts';
import { parseSpec } from '../../src/policy/spec.ts';

const def = (name: string) => ({
  name,
  usage: `${name}:<x>`,
  factory: (_: unknown, arg: string) => ({
    name: `${name}:${arg}`,
    decide: () => ({ type: 'model' as const, model: arg }),
  }),
});

describe('PolicyRegistry', () => {
  it('refuses a second policy with the same name', () => {
    const r = new PolicyRegistry([def('always')]);
    expect(() => r.register(def('always'))).toThrow(ConfigError);
    expect(() => r.register(def('always'))).toThrow(
      'policy registry: "always" is already registered (always:<x>); give the new policy another name',
    );
  });

  it('builds a policy from a spec and lists the known ones when the name is unknown', async () => {
    const r = new PolicyRegistry([def('always'), def('cheap')]);
    expect((await r.create(parseSpec('always:m'))).name).toBe('always:m');
    await expect(r.create(parseSpec('nope'))).rejects.toThrow(
      'policy spec "nope": unknown policy "nope"; known policies: always:<x>, cheap:<x>, or a path to a .ts/.js file',
    );
  });
});
