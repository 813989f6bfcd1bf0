/**
 * The one number formatter of routelab's human output: report.html, report.md and the CLI's tables
 * (src/cli/format.ts re-exports it). It lives in report/ rather than core/ because text for people is
 * presentation: the stages below (traces … evaluate) produce numbers, never strings to show, and the layering
 * lets only report/ and cli/ import it.
 *
 * Rules, the same everywhere: unknown (null, undefined, NaN, ±Infinity) is "–", never "$0" or "0";
 * fractions (quality, shares) as percentages; costs with "$" and 3 significant digits below $100, whole
 * grouped dollars above; values such as swept parameters in their shortest form without float noise. Fixed
 * and locale-free, so the same input gives the same text on every machine.
 */

/** What every formatter prints for a value that is not known. */
export const UNKNOWN = '–';

type Maybe = number | null | undefined;

function known(x: Maybe): x is number {
  return x !== null && x !== undefined && Number.isFinite(x);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** toFixed without a "-0.0": a tiny negative number rounds to zero, which has no sign. */
function fixed(x: number, digits: number): string {
  const text = x.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** A fraction in [0,1] (quality, share) as a percentage, e.g. 0.4371 → "43.7%". */
export function formatPercent(x: Maybe, digits = 1): string {
  return known(x) ? `${fixed(x * 100, digits)}%` : UNKNOWN;
}

/** A 95% interval of fractions as percentages, e.g. "41.2%–46.1%". */
export function formatCi(ci: readonly [number, number] | null | undefined, digits = 1): string {
  if (!ci || !known(ci[0]) || !known(ci[1])) return UNKNOWN;
  return `${formatPercent(ci[0], digits)}–${formatPercent(ci[1], digits)}`;
}

/** A difference of fractions in quality points (1 point = 0.01), signed, e.g. "+1.2 pts", "−0.4 pts". */
export function formatQualityDiff(diff: Maybe): string {
  if (!known(diff)) return UNKNOWN;
  const pts = fixed(diff * 100, 1);
  return pts.startsWith('-') ? `−${pts.slice(1)} pts` : `+${pts} pts`;
}

/** The shortest decimal of `x` at `digits` significant digits: 0.025599999999999998 → "0.0256". */
export function formatNumber(x: Maybe, digits = 12): string {
  return known(x) ? String(Number(x.toPrecision(digits))) : UNKNOWN;
}

/** US dollars: "$1,234" from $100 up, 3 significant digits below ("$12.3", "$0.00123"), "$0" for a known 0. */
export function formatUsd(usd: Maybe): string {
  if (!known(usd)) return UNKNOWN;
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (Number(abs.toPrecision(3)) >= 100) return `${sign}$${groupThousands(Math.round(abs).toString())}`;
  return `${sign}$${formatNumber(abs, 3)}`;
}

/** Milliseconds below 10 s ("1,234 ms"), seconds with one decimal from there ("12.3 s"). */
export function formatMs(ms: Maybe): string {
  if (!known(ms)) return UNKNOWN;
  return Math.round(ms) < 10_000 ? `${groupThousands(fixed(ms, 0))} ms` : `${fixed(ms / 1000, 1)} s`;
}

/** A whole count with thousands separators, e.g. 3156 → "3,156". */
export function formatCount(n: Maybe): string {
  return known(n) ? groupThousands(fixed(n, 0)) : UNKNOWN;
}
