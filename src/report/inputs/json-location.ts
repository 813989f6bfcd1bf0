import { jsonErrorPosition } from '../../traces/json-error-position.ts';

/** Turns a JSON.parse failure into a 1-based line and column, as V8 reports only a character offset (or nothing). */
export interface JsonErrorLocation {
  readonly line: number;
  readonly column: number;
  readonly detail: string;
}

/** Where `text` stops being JSON (found by the readers' own scanner, not guessed from V8's message). */
export function locateJsonError(text: string, err: Error): JsonErrorLocation {
  const detail = err.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
  const offset = Math.max(0, jsonErrorPosition(text));
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, detail };
}
