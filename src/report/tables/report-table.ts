/** A formatted table, ready for HTML and Markdown: every cell is plain text (escaped when written). */
export interface ReportTable {
  readonly title: string;
  /** One sentence on how to read it, shown under the title. */
  readonly note?: string;
  readonly columns: readonly { readonly title: string; readonly align: 'left' | 'right' }[];
  readonly rows: readonly (readonly string[])[];
  /** Rows to emphasize (e.g. the reference rows), by index. */
  readonly muted?: readonly number[];
}
