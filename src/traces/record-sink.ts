import type { TraceBuilder } from './builder.ts';
import type { ProblemLog } from './problems.ts';

/** One input file being read: where its rows go and where its problems are logged. */
export interface FileContext {
  readonly path: string;
  /** Index of the file in the builder's sources. */
  readonly source: number;
  readonly builder: TraceBuilder;
  readonly problems: ProblemLog;
  /** True for Parquet, whose "lines" are 1-based record numbers. */
  readonly recordNumbers?: boolean;
}

/**
 * Receives the records of a tabular file (CSV, TSV, Parquet) from its reader. Readers own the bytes and
 * line numbers; sinks own the meaning of columns. Lines are 1-based physical lines where the record
 * starts (record numbers for Parquet).
 */
export interface RecordSink {
  /** Returns false when the header is unusable; the reader then stops reading the file. */
  header(names: readonly string[], line: number): boolean;
  /** `cells` may be reused by the reader after the call returns. */
  row(cells: ArrayLike<unknown>, line: number): void;
  /** Called once after the last record; `nextLine` is the line after the last one read. */
  end(nextLine: number): void;
}
