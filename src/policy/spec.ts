import { ConfigError } from '../core/errors.ts';

/**
 * A parsed policy spec string: `name[:arg][?k=v&k2=v2]` for a registered policy, or a file path
 * (`./policies/x.ts?alpha=0.3`) for a user policy.
 */
export interface PolicySpec {
  /** The spec as given, used as the run's name in results. */
  readonly source: string;
  readonly kind: 'builtin' | 'file';
  /** Registered name (`always`, `cascade`, …) or the file path for a user policy. */
  readonly name: string;
  /** Everything between the first `:` and the `?` (`gpt-4o` in `always:gpt-4o`); '' when absent. */
  readonly arg: string;
  readonly options: Readonly<Record<string, string>>;
}

const NAME = /^[a-z][a-z0-9-]*$/;
const HELP = 'write it as name[:arg][?key=value&key2=value2], e.g. always:gpt-4o or ./my-policy.ts?alpha=0.3';

/** True when `s` names a file rather than a registered policy: a path prefix or a .ts/.js/.mjs suffix. */
function isPath(s: string): boolean {
  return /^(\.{1,2}[\\/]|\/|[A-Za-z]:[\\/])/.test(s) || /\.(m?[jt]s)$/.test(s);
}

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses `k=v&k2=v2`; values are percent-decoded so `&` and `=` can appear escaped. */
function parseOptions(query: string, spec: string): Record<string, string> {
  const options: Record<string, string> = {};
  if (query === '') return options;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ConfigError(`policy spec "${spec}": expected key=value after "?", got "${part}"; ${HELP}`);
    const key = part.slice(0, eq);
    // Assigning these on a plain object changes its prototype or shadows it instead of setting an option.
    if (RESERVED_KEYS.has(key))
      throw new ConfigError(
        `policy spec "${spec}": option name "${key}" is reserved by JavaScript objects and cannot be passed; rename it`,
      );
    if (Object.hasOwn(options, key))
      throw new ConfigError(`policy spec "${spec}": option "${key}" is given twice; keep one`);
    try {
      options[key] = decodeURIComponent(part.slice(eq + 1));
    } catch (err) {
      throw new ConfigError(
        `policy spec "${spec}": option "${key}" has a malformed %-escape; write %25 for a literal %`,
        { cause: err },
      );
    }
  }
  return options;
}

/** Parses a spec string; throws ConfigError saying how to write it. */
export function parseSpec(spec: string): PolicySpec {
  const source = spec.trim();
  if (source === '') throw new ConfigError(`policy spec: expected a policy, got an empty string; ${HELP}`);
  const q = source.indexOf('?');
  const head = q < 0 ? source : source.slice(0, q);
  const options = parseOptions(q < 0 ? '' : source.slice(q + 1), source);
  if (isPath(head)) return { source, kind: 'file', name: head, arg: '', options };
  const colon = head.indexOf(':');
  const name = colon < 0 ? head : head.slice(0, colon);
  const arg = colon < 0 ? '' : head.slice(colon + 1);
  if (!NAME.test(name)) {
    throw new ConfigError(
      `policy spec "${source}": expected a policy name of lowercase letters, digits and "-", got "${name}"; ${HELP}`,
    );
  }
  if (colon >= 0 && arg === '') throw new ConfigError(`policy spec "${source}": nothing after ":"; ${HELP}`);
  return { source, kind: 'builtin', name, arg, options };
}

/** Escapes only what parseOptions would misread, so printed specs stay readable. */
function escapeValue(v: string): string {
  return v.replace(/%/g, '%25').replace(/&/g, '%26');
}

/** The spec string of `spec` with option `key` set to `value` (used by sweeps). */
export function withOption(spec: PolicySpec, key: string, value: string): PolicySpec {
  const options = { ...spec.options, [key]: value };
  const query = Object.entries(options)
    .map(([k, v]) => `${k}=${escapeValue(v)}`)
    .join('&');
  const head = spec.kind === 'file' ? spec.name : spec.arg === '' ? spec.name : `${spec.name}:${spec.arg}`;
  return { ...spec, options, source: `${head}?${query}` };
}

/** The spec with its positional argument replaced (`budget:5` → `budget:10`), for sweeping it. */
export function withArg(spec: PolicySpec, arg: string): PolicySpec {
  const query = spec.source.includes('?') ? spec.source.slice(spec.source.indexOf('?')) : '';
  return { ...spec, arg, source: `${spec.name}:${arg}${query}` };
}
