import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { PolicyRegistry } from '../../src/policy/registry.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { tinyTrace } from '../replay/tiny-trace.ts';

const cwd = fileURLToPath(new URL('../fixtures/policies/', import.meta.url));
const registry = new PolicyRegistry();

describe('loading a user policy file', () => {
  it('loads a default-exported Policy object and replays it', async () => {
    const p = await resolvePolicy('./prefer-b.ts', registry, { cwd });
    expect(p.name).toBe('prefer-b');
    const [run] = await replay(tinyTrace(), [p], { seed: 1 });
    expect([...run!.chosen]).toEqual([1, 1, 1, 1]);
  });

  it('passes ?options to a default-exported factory', async () => {
    const p = await resolvePolicy('./mix.ts?alpha=0.3', registry, { cwd });
    expect(p.name).toBe('mix?alpha=0.3');
    const [run] = await replay(tinyTrace(), [p], { seed: 1 });
    // weights a 0.7, c 0.3: each request's propensity is that of its sampled model.
    for (let r = 0; r < 4; r++) expect(run!.propensity[r]).toBeCloseTo(run!.chosen[r] === 0 ? 0.7 : 0.3, 12);
  });

  it.each([
    ['./missing.ts', 'missing.ts: policy file not found'],
    ['./no-decide.js', './no-decide.js: policy "broken" expected a `decide(request, ctx)` function, got undefined'],
    [
      './no-default.ts',
      './no-default.ts: expected a default export (a Policy or a factory (options) => Policy), got none; add `export default …`',
    ],
    [
      './prefer-b.ts?alpha=1',
      './prefer-b.ts: options were given (?alpha) but the default export is a Policy object, not a factory',
    ],
    ['./mix.ts?alpha=2', './mix.ts: the policy factory threw: alpha must be in [0, 1], got 2'],
  ])('refuses %s with a ConfigError naming the file', async (spec, message) => {
    const attempt = resolvePolicy(spec, registry, { cwd });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(resolvePolicy(spec, registry, { cwd })).rejects.toThrow(message);
  });
});
