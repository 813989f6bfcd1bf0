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

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}

export function usd(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (x === 0) return '$0';
  if (Math.abs(x) >= 100) return `$${x.toFixed(0)}`;
  if (Math.abs(x) >= 1) return `$${x.toFixed(2)}`;
  return `$${x.toPrecision(3)}`;
}

export function ms(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return x >= 10_000 ? `${(x / 1000).toFixed(1)}s` : `${Math.round(x)}ms`;
}

export function count(x: number): string {
  return x.toLocaleString('en-US');
}
