import { ConfigError } from '../core/errors.ts';

/**
 * Checks for policy factories: every option of a spec string is a string; these turn them into typed
 * values or a ConfigError that names the policy, the option and what would be accepted.
 */
export type Options = Readonly<Record<string, string>>;

/** The canonical spec string of a policy (its name in results): `name[:arg][?k=v…]`, options sorted. */
export function specName(name: string, arg: string, options: Options): string {
  const keys = Object.keys(options).sort();
  const query = keys.map((k) => `${k}=${options[k]}`).join('&');
  return `${name}${arg === '' ? '' : `:${arg}`}${query === '' ? '' : `?${query}`}`;
}

/** Refuses options the policy does not know, so a typo (`treshold=`) is not silently ignored. */
export function checkKnownOptions(policy: string, options: Options, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const list = known.length === 0 ? 'it takes no options' : `known options: ${known.join(', ')}`;
      throw new ConfigError(`policy ${policy}: unknown option "${key}"; ${list}`);
    }
  }
}

/**
 * A number option in [min, max] (inclusive), or `fallback` when absent. Finite unless `infinite` allows
 * ±Infinity (a threshold of -Infinity / Infinity is "always" / "never", the ends of a sweep).
 */
export function numberOption(
  policy: string,
  options: Options,
  key: string,
  fallback: number,
  range: { min?: number; max?: number; infinite?: boolean } = {},
): number {
  const raw = options[key];
  if (raw === undefined) return fallback;
  const v = raw.trim() === '' ? NaN : Number(raw);
  const min = range.min ?? -Infinity;
  const max = range.max ?? Infinity;
  if (Number.isNaN(v) || (!range.infinite && !Number.isFinite(v)) || v < min || v > max) {
    const bounds = [Number.isFinite(min) ? `≥ ${min}` : '', Number.isFinite(max) ? `≤ ${max}` : '']
      .filter((b) => b !== '')
      .join(' and ');
    throw new ConfigError(
      `policy ${policy}: option ${key} expected a number${bounds ? ` ${bounds}` : ''}, got "${raw}"`,
    );
  }
  return v;
}

/** A positive integer option, or `fallback` when absent. */
export function integerOption(policy: string, options: Options, key: string, fallback: number): number {
  const v = numberOption(policy, options, key, fallback, { min: 1 });
  if (!Number.isInteger(v))
    throw new ConfigError(`policy ${policy}: option ${key} expected a whole number ≥ 1, got "${options[key]}"`);
  return v;
}

/** A required string option. */
export function requiredOption(policy: string, options: Options, key: string, example: string): string {
  const v = options[key];
  if (v === undefined || v === '')
    throw new ConfigError(`policy ${policy}: option ${key} is required, e.g. ${example}`);
  return v;
}
