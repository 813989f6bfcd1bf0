import { CsvError, Parser } from 'csv-parse';
import type { Options } from 'csv-parse';
import { openInput, inputError } from './open-input.ts';
import { utf8Check } from './utf8-check.ts';
import type { FileContext, RecordSink } from './record-sink.ts';

/**
 * csv-parse's stream Parser, handing each record to a callback at the moment the parser produces it
 * (instead of queueing it on the readable side), so `parser.info` describes exactly that record.
 */
class RecordParser extends Parser {
  constructor(
    options: Options,
    private readonly onRecord: (record: string[]) => void,
  ) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    this.onRecord(record as string[]);
    return true;
  }
}

/** Counts physical line breaks (\n, \r\n or a lone \r) inside the fields of one record. */
function lineBreaks(record: readonly string[]): number {
  let n = 0;
  for (const f of record) {
    for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
    for (let i = f.indexOf('\r'); i >= 0; i = f.indexOf('\r', i + 1)) if (f.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

function isBlank(record: readonly string[]): boolean {
  return record.length === 1 && record[0]!.trim() === '';
}

const QUOTE_ADVICE = 'quote the whole field and double any quote inside it ("")';

function csvProblem(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'expected a closing quote, got the end of the file; a quoted field that starts here never ends';
    case 'INVALID_OPENING_QUOTE': // csv-parse 7 names this one without the CSV_ prefix
      return `expected a quote only at the start of a field, got a stray quote; ${QUOTE_ADVICE}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `expected a delimiter or line end after a closing quote, got more text; ${QUOTE_ADVICE}`;
    default:
      return `expected valid delimited text, got a parse error: ${err.message}`;
  }
}

/**
 * Streams a CSV/TSV file (optionally gzipped) through csv-parse. The first record is the header and
 * picks the sink (`chooseSink`, e.g. long vs wide). Each record is reported with the physical line it
 * starts on: csv-parse's own `info.lines` counts a CRLF inside a quoted field twice, so it is only used
 * to notice that a record spans several lines, whose breaks are then counted exactly.
 */
export async function readDelimited(
  ctx: FileContext,
  delimiter: ',' | '\t',
  chooseSink: (names: readonly string[]) => RecordSink,
  onBytes?: (n: number) => void,
): Promise<void> {
  const input = await openInput(ctx.path, onBytes, utf8Check(ctx));
  const parser = new RecordParser(
    {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // TSV writers rarely quote, so a quote inside a TSV field is text, not a format error.
      relax_quotes: delimiter === '\t',
    },
    onRecord,
  );
  let sink: RecordSink | undefined;
  let header: readonly string[] | undefined;
  let nextLine = 1;
  let parserLines = 0;
  let parserEmpty = 0;
  let stopped = false;
  let thrown: unknown;

  function onRecord(record: string[]): void {
    if (stopped) return;
    const { lines, empty_lines: empty } = parser.info;
    const skipped = empty - parserEmpty;
    const advanced = lines - parserLines;
    const start = nextLine + skipped;
    nextLine = start + 1 + (advanced > 1 + skipped ? lineBreaks(record) : 0);
    parserLines = lines;
    parserEmpty = empty;
    if (isBlank(record)) return;
    const last = record[record.length - 1]!;
    if (last.charCodeAt(last.length - 1) === 13) {
      // csv-parse picks the line ending from the first line; a CRLF row in an LF file leaves its \r in
      // the last field. Dropping it is a repair, so it is counted.
      record[record.length - 1] = last.slice(0, -1);
      ctx.builder.warn(
        'mixed-line-endings',
        `${ctx.path}: rows end in CRLF but the header in LF; the stray \\r was dropped`,
      );
    }
    if (sink) {
      // A throw here (e.g. the memory budget) would be lost inside csv-parse: stop, and rethrow after.
      try {
        sink.row(record, start);
      } catch (err) {
        thrown = err;
        stop();
      }
      return;
    }
    header = record;
    sink = chooseSink(record);
    if (!sink.header(record, start)) stop();
  }

  function stop(): void {
    stopped = true;
    input.unpipe(parser);
    input.destroy();
    parser.destroy();
  }

  await new Promise<void>((resolve, reject) => {
    const fail = (err: unknown): void => {
      if (err instanceof CsvError) {
        // For a quote left open, the record's own start line is exact; csv-parse's line may be far below.
        const start = nextLine + parser.info.empty_lines - parserEmpty;
        ctx.problems.fatal({ file: ctx.path, line: start, column: columnOf(err, header) }, csvProblem(err));
        stop();
        resolve();
        return;
      }
      stop();
      reject(inputError(ctx.path, err));
    };
    parser.on('end', resolve);
    parser.on('close', () => {
      if (stopped) resolve();
    });
    parser.on('error', fail);
    input.on('error', fail);
    parser.resume();
    input.pipe(parser);
  });

  if (thrown !== undefined) throw thrown;
  if (stopped && sink) return;
  if (!sink) {
    if (!stopped) ctx.problems.fatal({ file: ctx.path, line: 1 }, 'expected a header row, got an empty file');
    return;
  }
  sink.end(nextLine);
}

/** The header name of the field csv-parse stopped in, or its 1-based position before the header is known. */
function columnOf(err: CsvError, header: readonly string[] | undefined): string {
  const index = (err as unknown as { index?: number }).index ?? 0;
  return header?.[index] ?? `field ${index + 1}`;
}
