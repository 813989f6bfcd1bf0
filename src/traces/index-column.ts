import type { FileContext, RecordSink } from './record-sink.ts';

/** pandas writes its index under an empty header cell; a file read and re-saved by pandas calls it this. */
const PANDAS_UNNAMED = /^Unnamed: 0$/;

/**
 * The sink for a header, without a leading index column: files written by pandas with its index (an
 * unnamed first header cell, as public RouterBench-derived CSVs are) carry row numbers that are no data
 * of ours. Such a column is dropped, with a warning, instead of refusing the file. Only the first column:
 * an unnamed column elsewhere is still a header problem.
 */
export function sinkWithoutIndex(
  names: readonly string[],
  ctx: FileContext,
  choose: (names: readonly string[]) => RecordSink,
): RecordSink {
  const first = names[0]?.trim() ?? '';
  if (names.length < 2 || !(first === '' || PANDAS_UNNAMED.test(first))) return choose(names);
  const rest = names.slice(1);
  ctx.builder.warn(
    'index-column',
    `${ctx.path}: the first column has no name (a pandas index, written without index=False); it was dropped`,
  );
  const inner = choose(rest);
  return {
    header: (_names, line) => inner.header(rest, line),
    row: (cells, line) => inner.row(Array.prototype.slice.call(cells, 1), line),
    end: (nextLine) => inner.end(nextLine),
  };
}
