import { createInterface } from 'node:readline';
import { duplicateKey } from './json-duplicate-key.ts';
import { jsonErrorPosition } from './json-error-position.ts';
import { LongRowSink } from './long-rows.ts';
import { inputError, openInput } from './open-input.ts';
import { utf8Check } from './utf8-check.ts';
import type { FileContext } from './record-sink.ts';

/** V8's message without its own "at position N" / source excerpt, which we replace with line and char. */
function jsonReason(err: unknown): string {
  const m = (err as Error).message;
  return m.replace(/ in JSON at position \d+.*$/, '').replace(/, .*is not valid JSON$/, '');
}

/**
 * Reads a JSON Lines file (one object per line, blank lines skipped, optionally gzipped) into the long
 * table. Keys play the role of a header, but may differ from line to line: a key seen for the first time
 * becomes a new column, and a line without it has an empty cell there.
 */
export async function readJsonl(ctx: FileContext, onBytes?: (n: number) => void): Promise<void> {
  const input = await openInput(ctx.path, onBytes, utf8Check(ctx));
  const sink = new LongRowSink(ctx, false);
  sink.header([], 1);
  const keys = new Map<string, number>();
  const cells: unknown[] = [];
  let line = 0;
  let records = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.trim() === '') continue;
      records++;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (err) {
        const pos = Math.max(0, jsonErrorPosition(text));
        ctx.problems.row(
          { file: ctx.path, line, column: `char ${pos + 1}` },
          `expected one JSON object per line, got invalid JSON (${jsonReason(err)}) near ` +
            `${JSON.stringify(text.slice(pos, pos + 20))}`,
        );
        continue;
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        ctx.problems.row(
          { file: ctx.path, line, column: 'char 1' },
          `expected one JSON object per line, got ${Array.isArray(obj) ? 'an array' : JSON.stringify(obj)}`,
        );
        continue;
      }
      const dup = duplicateKey(text);
      if (dup) {
        ctx.problems.row(
          { file: ctx.path, line, column: `char ${dup.at + 1}` },
          `expected each key once per object, got "${dup.key}" twice; JSON keeps only the last value, so remove one`,
        );
        continue;
      }
      cells.fill(undefined);
      const record = obj as Record<string, unknown>;
      for (const key in record) {
        let c = keys.get(key);
        if (c === undefined) {
          c = sink.columnCount;
          keys.set(key, c);
          sink.addColumn(key);
        }
        cells[c] = record[key];
      }
      sink.row(cells, line);
    }
  } catch (err) {
    throw inputError(ctx.path, err);
  }
  if (records === 0)
    ctx.problems.fatal({ file: ctx.path, line: 1 }, 'expected JSON objects, one per line, got an empty file');
}
