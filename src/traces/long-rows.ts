import { emptyRow } from './builder.ts';
import type { RowInput } from './builder.ts';
import { columnHandler, isCanonical, TOKENS_ESTIMATED_COLUMN } from './columns.ts';
import type { CellHandler } from './columns.ts';
import { checkHeaderNames, recordPrefix } from './header-check.ts';
import { describeCell } from './problems.ts';
import type { FileContext, RecordSink } from './record-sink.ts';

const REQUIRED = ['request_id', 'model'] as const;

/**
 * The canonical long table (one row per request × model attempt): maps each header column once to a
 * handler, then validates and adds every record with one reused RowInput.
 */
export class LongRowSink implements RecordSink {
  private readonly handlers: CellHandler[] = [];
  private readonly names: string[] = [];
  private readonly input: RowInput = emptyRow();
  private records = 0;
  private headerLine = 1;

  /** `requireColumns: false` for JSONL, whose rows name their own keys (a missing one is a row problem). */
  constructor(
    private readonly ctx: FileContext,
    private readonly requireColumns = true,
  ) {}

  header(names: readonly string[], line: number): boolean {
    const { ctx } = this;
    this.headerLine = line;
    let ok = checkHeaderNames(names, line, ctx);
    for (const col of this.requireColumns ? REQUIRED : []) {
      if (names.includes(col)) continue;
      ok = false;
      ctx.problems.fatal(
        { file: ctx.path, line, column: col },
        `expected a ${col} column, got columns ${names.map((n) => `"${n}"`).join(', ')}; ` +
          'rename the column, or pass --format wide for a one-row-per-prompt evaluation matrix',
      );
    }
    if (!ok) return false;
    for (const n of names) this.addColumn(n);
    return true;
  }

  /** Appends a column (JSONL meets new keys as it goes); its cell is the next index of `cells`. */
  addColumn(name: string): void {
    this.names.push(name);
    this.handlers.push(columnHandler(name));
    // A column counts as present even when every cell is empty: "we logged status, all ok".
    if (isCanonical(name)) this.ctx.builder.markPresent(name);
    else if (name !== TOKENS_ESTIMATED_COLUMN) (this.input.tags ??= {})[name] = '';
  }

  get columnCount(): number {
    return this.handlers.length;
  }

  row(cells: ArrayLike<unknown>, line: number): void {
    const { handlers, input: row, ctx } = this;
    const n = handlers.length;
    this.records++;
    if (cells.length !== n) {
      this.ragged(cells.length, line);
      return;
    }
    let bad = false;
    for (let c = 0; c < n; c++) {
      const fail = handlers[c]!(cells[c], row);
      if (fail === undefined) continue;
      if (!bad || !ctx.problems.lenient) {
        ctx.problems.row(
          { file: ctx.path, line, column: this.names[c]! },
          recordPrefix(ctx, line) + describeCell(fail, cells[c]),
        );
      }
      bad = true;
    }
    if (!bad) ctx.builder.add(row, ctx.source, line);
  }

  private ragged(got: number, line: number): void {
    const expected = this.handlers.length;
    const column = got < expected ? this.names[got]! : `field ${expected + 1}`;
    const hint =
      got < expected
        ? 'a line was cut short or a quoted field lost its closing quote'
        : 'a comma inside a value needs quotes';
    this.ctx.problems.row(
      { file: this.ctx.path, line, column },
      `expected ${expected} fields as in the header, got ${got}; ${hint}`,
    );
  }

  end(nextLine: number): void {
    if (this.records > 0) return;
    this.ctx.problems.fatal(
      { file: this.ctx.path, line: Math.max(nextLine, this.headerLine + 1) },
      'expected at least one data row after the header, got no data rows',
    );
  }
}
