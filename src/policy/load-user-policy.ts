import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { ConfigError } from '../core/errors.ts';
import type { Policy } from './types.ts';
import type { PolicySpec } from './spec.ts';

/**
 * Loads a user policy file: its default export is a Policy, or a factory `(options, arg) => Policy`
 * (sync or async) that gets the spec's `?k=v` options. TypeScript files load through tsx's `tsImport`,
 * which compiles them wherever they live — a user's file usually sits in a folder with no package.json, where
 * a plain `import()` would treat its ESM syntax as CommonJS and fail.
 */
export async function loadUserPolicy(spec: PolicySpec, cwd: string): Promise<Policy> {
  const file = isAbsolute(spec.name) ? spec.name : resolve(cwd, spec.name);
  if (!existsSync(file)) {
    throw new ConfigError(
      `${spec.name}: policy file not found (looked at ${file}); check the path, relative to ${cwd}`,
    );
  }
  let mod: { default?: unknown };
  try {
    mod = await importOnce(file);
  } catch (err) {
    throw new ConfigError(`${spec.name}: could not load the policy file: ${(err as Error).message}`, { cause: err });
  }
  let exported = mod.default;
  // A file compiled as CommonJS (no "type": "module" beside it) arrives wrapped once more: {default: {default: …}}.
  if (exported !== null && typeof exported === 'object' && 'default' in exported && !('decide' in exported)) {
    exported = (exported as { default: unknown }).default;
  }
  if (exported === undefined) {
    throw new ConfigError(
      `${spec.name}: expected a default export (a Policy or a factory (options) => Policy), got none; add ` +
        `\`export default …\``,
    );
  }
  let policy: unknown = exported;
  if (typeof exported === 'function') {
    try {
      policy = await (exported as (o: Readonly<Record<string, string>>, arg: string) => unknown)(
        spec.options,
        spec.arg,
      );
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError(`${spec.name}: ${err.message}`, { cause: err });
      throw new ConfigError(`${spec.name}: the policy factory threw: ${(err as Error).message}`, { cause: err });
    }
  } else if (Object.keys(spec.options).length > 0) {
    throw new ConfigError(
      `${spec.name}: options were given (?${Object.keys(spec.options).join('&')}) but the default export is a ` +
        `Policy object, not a factory; export a function (options) => Policy to take options`,
    );
  }
  return checkPolicyShape(policy, spec.name);
}

// A sweep resolves the same file once per point; compiling it once keeps a 100-point sweep from paying 100 compiles.
const modules = new Map<string, Promise<{ default?: unknown }>>();

function importOnce(file: string): Promise<{ default?: unknown }> {
  let mod = modules.get(file);
  if (!mod) {
    const url = pathToFileURL(file).href;
    mod = /\.[mc]?ts$/.test(file)
      ? import('tsx/esm/api').then(({ tsImport }) => tsImport(url, import.meta.url) as Promise<{ default?: unknown }>)
      : (import(url) as Promise<{ default?: unknown }>);
    // A failed load is not cached, so fixing the file and trying again works within one process.
    mod.catch(() => modules.delete(file));
    modules.set(file, mod);
  }
  return mod;
}

/**
 * Checks the Policy contract's shape: a non-empty `name` and a `decide` function; init/observe functions if present.
 */
export function checkPolicyShape(value: unknown, where: string): Policy {
  const p = value as Partial<Record<keyof Policy, unknown>> | null;
  const got = p === null ? 'null' : typeof p;
  if (typeof p !== 'object' || p === null)
    throw new ConfigError(`${where}: expected a Policy object {name, decide}, got ${got}`);
  if (typeof p.name !== 'string' || p.name === '') {
    throw new ConfigError(
      `${where}: expected the policy to have a non-empty string \`name\`, got ${JSON.stringify(p.name) ?? 'undefined'}`,
    );
  }
  if (typeof p.decide !== 'function')
    throw new ConfigError(
      `${where}: policy "${p.name}" expected a \`decide(request, ctx)\` function, got ${typeof p.decide}`,
    );
  for (const hook of ['init', 'observe'] as const) {
    if (p[hook] !== undefined && typeof p[hook] !== 'function') {
      throw new ConfigError(
        `${where}: policy "${p.name}" has \`${hook}\` that is a ${typeof p[hook]}, expected a function or nothing`,
      );
    }
  }
  return value as Policy;
}
