import type { FileContext } from './record-sink.ts';

/**
 * Logs a fatal problem for every empty or repeated column name; returns true when the header is usable.
 * Repeated names are refused rather than merged because either choice would silently drop values.
 */
export function checkHeaderNames(names: readonly string[], line: number, ctx: FileContext): boolean {
  let ok = true;
  const firstAt = new Map<string, number>();
  names.forEach((name, i) => {
    if (name.trim() === '') {
      ok = false;
      ctx.problems.fatal(
        { file: ctx.path, line, column: `column ${i + 1}` },
        'expected a column name, got an empty header cell; name the column (only a first unnamed column is ' +
          'taken as an index and dropped)',
      );
      return;
    }
    const first = firstAt.get(name);
    if (first === undefined) {
      firstAt.set(name, i);
      return;
    }
    ok = false;
    ctx.problems.fatal(
      { file: ctx.path, line, column: name },
      `expected unique column names, got "${name}" as columns ${first + 1} and ${i + 1}; rename or remove one`,
    );
  });
  return ok;
}

/** Detail prefix that tells Parquet record numbers apart from text line numbers. */
export function recordPrefix(ctx: FileContext, line: number): string {
  return ctx.recordNumbers ? `record ${line}: ` : '';
}
