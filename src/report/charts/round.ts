/** Rounds to `digits` significant digits, so specs and tables do not change with float noise. */
export function roundSig(value: number, digits = 6): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** A deep copy of `value` with every number rounded to `digits` significant digits. */
export function roundDeep<T>(value: T, digits = 6): T {
  if (typeof value === 'number') return roundSig(value, digits) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => roundDeep(v, digits)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = roundDeep(v, digits);
    return out as T;
  }
  return value;
}
