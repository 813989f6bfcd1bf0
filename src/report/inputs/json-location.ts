/** Turns a JSON.parse failure into a 1-based line and column, as V8 reports only a character offset (or nothing). */
export interface JsonErrorLocation {
  readonly line: number;
  readonly column: number;
  readonly detail: string;
}

export function locateJsonError(text: string, err: Error): JsonErrorLocation {
  const detail = err.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
  const at = /at position (\d+)/.exec(err.message);
  let offset: number;
  if (at) offset = Number(at[1]);
  else if (/Unexpected end of JSON input/.test(err.message)) offset = text.length;
  else {
    // "Unexpected token 'x', "…" is not valid JSON" names the token but not where: take its first occurrence
    // outside a string, which is where a left-to-right parser stops.
    const token = /Unexpected token '(.)'/.exec(err.message)?.[1];
    offset = token === undefined ? 0 : firstOutsideString(text, token);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, detail };
}

function firstOutsideString(text: string, ch: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ch) return i;
  }
  return 0;
}
