/**
 * Cell parsers shared by every reader. A cell arrives as a CSV string, a JSON value or a Parquet value
 * (number, bigint, boolean, Date); each parser answers NaN/undefined for "absent" and a sentinel for
 * "present but malformed", so callers never mistake an empty cell for zero.
 */

/** Returned by the number parsers when a cell holds something that is not a number. */
export const NOT_A_NUMBER = Symbol('not-a-number');

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Parses a decimal string. Plain `[-]digits[.digits]` with at most 15 significant digits takes a fast
 * path that is exact (an integer mantissa below 2^53 divided by an exact power of ten is correctly
 * rounded, so the result equals `Number(s)`); anything else must match a strict decimal pattern, which
 * refuses hex, `Infinity` and stray text that `Number()` would accept or turn into 0.
 */
export function parseDecimal(s: string): number | typeof NOT_A_NUMBER {
  const n = s.length;
  let i = 0;
  let negative = false;
  let c = s.charCodeAt(0);
  if (c === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 /* . */ && fraction < 0) {
      fraction = i;
    } else {
      break;
    }
  }
  if (i === n && digits > 0 && digits <= 15) {
    const scale = fraction < 0 ? 0 : n - 1 - fraction;
    const v = scale === 0 ? mantissa : mantissa / POW10[scale]!;
    return negative ? -v : v;
  }
  if (!DECIMAL.test(s)) return NOT_A_NUMBER;
  const v = Number(s);
  return Number.isFinite(v) ? v : NOT_A_NUMBER;
}

/** A cell as a number: NaN when empty/null, NOT_A_NUMBER when malformed or not finite. */
export function toNumber(v: unknown): number | typeof NOT_A_NUMBER {
  if (typeof v === 'string') return v === '' ? NaN : parseDecimal(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : NOT_A_NUMBER;
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'bigint') return Number(v);
  return NOT_A_NUMBER;
}

/** A cell as 1/0 when it is a boolean word or value (true/false/True/False/TRUE/FALSE), else undefined. */
export function toBooleanNumber(v: unknown): 1 | 0 | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string' || v.length < 4 || v.length > 5) return undefined;
  const w = v.toLowerCase();
  return w === 'true' ? 1 : w === 'false' ? 0 : undefined;
}

/** A cell as text: '' for empty/null, numbers and booleans spelled as JSON would, objects as JSON. */
export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

/** Returned by parseTimestamp for epoch numbers too small to be milliseconds. */
export const LOOKS_LIKE_SECONDS = Symbol('looks-like-seconds');

// Epoch milliseconds below 1e11 are before March 1973; such values are almost always epoch *seconds*,
// and guessing would silently shift every arrival time by a factor of 1000, so they are refused.
const MIN_EPOCH_MS = 1e11;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** ISO-8601 date or date-time → epoch ms (no zone = UTC; date-only = UTC midnight); NaN when not a real instant. */
export function parseIsoMs(s: string): number {
  const m = ISO.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const year = +y!,
    month = +mo!,
    day = +d!,
    hour = +h,
    minute = +mi,
    second = +sec;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const ms = frac === '' ? 0 : Math.floor(+`0.${frac}` * 1000);
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // No zone means UTC: local time would make the same file read differently on different machines.
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = +digits.slice(0, 2),
      minutes = digits.length > 2 ? +digits.slice(2) : 0;
    // Real offsets run from -12:00 to +14:00; "+25:00" is a typo, not a zone.
    if (hours > 14 || minutes > 59) return NaN;
    t -= sign * (hours * 60 + minutes) * 60_000;
  }
  return t;
}

/**
 * A timestamp cell as epoch milliseconds: ISO-8601 text (no zone = UTC) or epoch milliseconds as a number
 * or digit string; a Parquet/JSON Date as is. NaN when empty, undefined when malformed.
 */
export function parseTimestamp(v: unknown): number | undefined | typeof LOOKS_LIKE_SECONDS {
  if (v === null || v === undefined || v === '') return NaN;
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? undefined : t;
  }
  if (typeof v === 'string' && v.charCodeAt(4) === 45 /* - */) {
    const t = parseIsoMs(v);
    return Number.isNaN(t) ? undefined : t;
  }
  const n = toNumber(v);
  if (n === NOT_A_NUMBER || Number.isNaN(n) || n < 0) return undefined;
  return n < MIN_EPOCH_MS ? LOOKS_LIKE_SECONDS : n;
}

/** A cell value quoted for an error message, shortened so one bad prompt cannot flood the terminal. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'no value';
  if (v === null || v === '') return 'an empty cell';
  const s = typeof v === 'string' ? v : toText(v);
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}
