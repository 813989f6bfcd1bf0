import { openInput } from '../open-input.ts';

/**
 * LF, CR, quote and underscore bytes of a (possibly gzipped) text file. The DuckDB reader skips blank lines
 * silently and cannot say on which line a record starts, so its computed line numbers are trusted only when
 * they add up to the file's own count of line ends.
 */
export async function countLineEnds(path: string, onBytes?: (n: number) => void): Promise<LineEnds> {
  const input = await openInput(path, onBytes);
  let lf = 0;
  let cr = 0;
  let quote = 0;
  let underscore = 0;
  let last = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lf++;
    for (let i = chunk.indexOf(13); i >= 0; i = chunk.indexOf(13, i + 1)) cr++;
    for (let i = chunk.indexOf(34); i >= 0; i = chunk.indexOf(34, i + 1)) quote++;
    for (let i = chunk.indexOf(95); i >= 0; i = chunk.indexOf(95, i + 1)) underscore++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return { lf, cr, quote, underscore, endsWithLf: last === 10 };
}

/** Line-end bytes of a file, and whether its last byte is a LF. */
export interface LineEnds {
  readonly lf: number;
  readonly cr: number;
  /** Double-quote bytes. */
  readonly quote: number;
  /** Underscore bytes. */
  readonly underscore: number;
  readonly endsWithLf: boolean;
}

/** The file's first line (BOM dropped) and whether it ends in CRLF; undefined when it has no line end. */
export async function firstLine(path: string): Promise<{ text: string; crlf: boolean } | undefined> {
  const input = await openInput(path);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const end = chunk.indexOf(10);
      if (end < 0) return undefined;
      let text = chunk.subarray(0, end).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const crlf = text.endsWith('\r');
      return { text: crlf ? text.slice(0, -1) : text, crlf };
    }
    return undefined;
  } finally {
    input.destroy();
  }
}
