/**
 * Streams the records of a JSON export without holding the whole document: JSON Lines (one value per line),
 * a JSON array, or an object whose `data` key holds the array (the REST envelope of OpenRouter, LiteLLM and
 * Langfuse). A scanner tracks string/escape state and nesting depth byte by byte, so each record is parsed
 * on its own and reported with the line it starts on.
 */
import { inputError, openInput } from './open-input.ts';
import type { FileContext } from './record-sink.ts';

/** One top-level record: its parsed value and the 1-based line where it starts. */
export interface JsonRecord {
  readonly value: unknown;
  readonly line: number;
}

const OPEN_BRACE = 123,
  CLOSE_BRACE = 125,
  OPEN_BRACKET = 91,
  CLOSE_BRACKET = 93,
  QUOTE = 34,
  BACKSLASH = 92,
  NEWLINE = 10,
  COLON = 58,
  COMMA = 44;

/**
 * Record boundaries: a value at depth 0 that is not an array is a record; the elements of a top-level
 * array, and of the array under a top-level object's `"data"` key, are records (the envelope's other keys,
 * such as Langfuse's `meta`, are skipped). An envelope is first collected as a record and dropped as soon
 * as its `"data": [` shows, so a wrapped single record (`{"data": {…}}`) stays one record.
 */
export class RecordScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth at which elements are records (1 in a top-level array, 2 under `data`), or -1. */
  private recordDepth = -1;
  private start = -1;
  private startLine = 0;
  private line = 1;
  private chunk = '';
  private carry = '';
  private keyStart = -1;
  private keyCarry = '';
  private lastKey = '';
  private afterColon = false;

  constructor(private readonly emit: (text: string, line: number) => void) {}

  /** Scans one chunk of text; records that end in it are emitted. */
  push(text: string): void {
    this.chunk = text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) {
        this.line++;
        // A bare number or word on a JSON Lines line ends with its line.
        if (this.start >= 0 && this.depth === 0 && this.recordDepth < 0 && !this.inString) this.finish(i);
      }
      if (this.inString) {
        this.scanString(c, i);
        continue;
      }
      if (c <= 32) continue;
      if (this.start < 0 && this.opensRecord(c)) this.begin(i);
      if (c === QUOTE) {
        this.inString = true;
        // A key of a top-level object: remembered to recognise the `"data": [` envelope.
        if (this.depth === 1 && this.recordDepth < 0 && !this.afterColon) {
          this.keyStart = i + 1;
          this.keyCarry = '';
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.open(c);
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) this.close(i);
      else if (c === COMMA) {
        if (this.start >= 0 && this.depth === this.recordDepth) this.finish(i);
        if (this.depth === 1) this.afterColon = false;
      } else if (c === COLON && this.depth === 1) this.afterColon = true;
    }
    if (this.start >= 0) {
      this.carry += text.slice(this.start);
      this.start = 0;
    }
    if (this.keyStart >= 0) {
      this.keyCarry += text.slice(this.keyStart);
      this.keyStart = 0;
    }
  }

  /** Emits a bare value left at the very end of the input (a last JSON Lines line without a newline). */
  flush(): void {
    if (this.start >= 0 && this.depth === 0 && !this.inString && this.recordDepth < 0) this.finish(this.chunk.length);
  }

  private scanString(c: number, i: number): void {
    if (this.escaped) this.escaped = false;
    else if (c === BACKSLASH) this.escaped = true;
    else if (c === QUOTE) {
      this.inString = false;
      if (this.keyStart >= 0) {
        this.lastKey = this.keyCarry + this.chunk.slice(this.keyStart, i);
        this.keyStart = -1;
      }
    }
  }

  private opensRecord(c: number): boolean {
    if (this.recordDepth >= 0) return this.depth === this.recordDepth && c !== CLOSE_BRACKET && c !== COMMA;
    return this.depth === 0 && c !== OPEN_BRACKET;
  }

  private open(c: number): void {
    if (this.depth === 0) {
      this.afterColon = false;
      if (c === OPEN_BRACKET) this.recordDepth = 1;
    } else if (c === OPEN_BRACKET && this.depth === 1 && this.recordDepth < 0 && this.afterColon) {
      if (this.lastKey === 'data') {
        this.recordDepth = 2;
        this.start = -1;
        this.carry = '';
      }
    }
    this.depth++;
  }

  private close(i: number): void {
    this.depth--;
    const closeDepth = Math.max(this.recordDepth, 0);
    if (this.start >= 0 && this.depth === closeDepth) this.finish(i + 1);
    else if (this.start >= 0 && this.depth === this.recordDepth - 1) this.finish(i); // `[1, 2]`: a bare element
    if (this.depth < this.recordDepth) this.recordDepth = -1;
  }

  private begin(i: number): void {
    this.start = i;
    this.startLine = this.line;
    this.carry = '';
  }

  private finish(end: number): void {
    const text = this.carry + this.chunk.slice(this.start, end);
    this.start = -1;
    this.carry = '';
    this.emit(text, this.startLine);
  }

  /** True when the input ended inside a record or a string. */
  get unfinished(): boolean {
    return this.start >= 0 || this.inString || this.depth > 0;
  }

  get lineNumber(): number {
    return this.line;
  }
}

/** The first record of a document's head (its first bytes), parsed; undefined when none is complete. */
export function firstRecord(head: string): unknown {
  let first: string | undefined;
  const scanner = new RecordScanner((text) => {
    first ??= text;
  });
  scanner.push(head.charCodeAt(0) === 0xfeff ? head.slice(1) : head);
  if (first === undefined) return undefined;
  try {
    return JSON.parse(first);
  } catch {
    return undefined;
  }
}

/**
 * Yields every record of a JSON / JSON Lines export in file order. A record that is not valid JSON is a row
 * problem at its line; an input that ends inside a value is a file problem.
 */
export async function* jsonRecords(ctx: FileContext, onBytes?: (n: number) => void): AsyncGenerator<JsonRecord> {
  const input = await openInput(ctx.path, onBytes);
  input.setEncoding('utf8');
  const ready: { text: string; line: number }[] = [];
  const scanner = new RecordScanner((text, line) => ready.push({ text, line }));
  let first = true;
  try {
    for await (const chunk of input) {
      let text = chunk as string;
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      scanner.push(text);
      yield* parsed(ctx, ready.splice(0));
    }
    scanner.flush();
    yield* parsed(ctx, ready.splice(0));
  } catch (err) {
    throw inputError(ctx.path, err);
  }
  if (scanner.unfinished) {
    ctx.problems.fatal(
      { file: ctx.path, line: scanner.lineNumber },
      'expected the JSON document to be complete, got the end of the file inside a value; the export was cut short',
    );
  }
}

function* parsed(ctx: FileContext, texts: readonly { text: string; line: number }[]): Generator<JsonRecord> {
  for (const r of texts) {
    const value = parseRecord(ctx, r.text, r.line);
    if (value !== undefined) yield { value, line: r.line };
  }
}

function parseRecord(ctx: FileContext, text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message.replace(/ in JSON at position \d+.*$/, '');
    ctx.problems.row(
      { file: ctx.path, line },
      `expected one JSON record, got invalid JSON (${reason}) near ${JSON.stringify(text.slice(0, 40))}`,
    );
    return undefined;
  }
}
