/** Formatting for human output: aligned tables and compact numbers. */

/** Left-aligns the first column and right-aligns the rest, padding to the widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

/**
 * Numbers are formatted by the report's formatter, so the terminal and report.html print the same text
 * (unknown "–", quality as a percentage, "$" with 3 significant digits); the short names read well in
 * the commands' table rows.
 */
export {
  formatCount as count,
  formatMs as ms,
  formatNumber as num,
  formatPercent as pct,
  formatUsd as usd,
} from '../report/text/format.ts';
