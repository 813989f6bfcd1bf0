import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { TraceFormatError } from '../core/errors.ts';
import type { FileContext } from './record-sink.ts';

/**
 * Passes a file's bytes through unchanged, checking that they are UTF-8. Decoders replace invalid bytes
 * with U+FFFD without a word, so two request ids that differ only in such bytes became one request (its
 * cost doubled). Strict: the first invalid sequence fails the read with its file and line. Lenient:
 * each one is counted through `onInvalid` and the bytes go on to be read as U+FFFD.
 * Lines are physical lines (1 + newlines before the byte), as the readers number them.
 */
export class Utf8Check extends Transform {
  private carry: Buffer | undefined;
  private line = 1;

  constructor(
    private readonly path: string,
    private readonly onInvalid?: (line: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    // A character split across two chunks is held back until its last byte arrives.
    const cut = completeLength(data);
    this.carry = cut < data.length ? Buffer.from(data.subarray(cut)) : undefined;
    const body = data.subarray(0, cut);
    const err = isUtf8(body) ? undefined : this.report(body, body.length);
    if (err) return done(err);
    this.line += newlines(body, body.length);
    done(null, body);
  }

  override _flush(done: TransformCallback): void {
    const rest = this.carry;
    if (!rest) return done();
    // The file ends inside a character.
    const err = this.report(rest, 0);
    if (err) return done(err);
    done(null, rest);
  }

  /** Reports the invalid sequences of `body` (or one at `atEnd` bytes when the file ends inside one). */
  private report(body: Buffer, scanUpTo: number): TraceFormatError | undefined {
    const offsets = scanUpTo > 0 ? invalidOffsets(body) : [0];
    for (const at of offsets) {
      const line = this.line + newlines(body, at);
      if (!this.onInvalid) {
        const bytes = `0x${body[at]!.toString(16).padStart(2, '0')}`;
        return new TraceFormatError(
          { file: this.path, line },
          `expected UTF-8 text, got the invalid byte ${bytes}; save the file as UTF-8 (e.g. iconv -f latin1 -t ` +
            'utf-8), or pass --lenient to read them as U+FFFD with a warning',
        );
      }
      this.onInvalid(line);
    }
    return undefined;
  }
}

function newlines(b: Buffer, end: number): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0 && i < end; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** Length of the prefix of `b` that ends on a character boundary (an unfinished last character held back). */
function completeLength(b: Buffer): number {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 3); i--) {
    const c = b[i]!;
    if ((c & 0xc0) === 0x80) continue;
    if (c < 0xc0) return b.length;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    return b.length - i < need ? i : b.length;
  }
  return b.length;
}

/** Offsets where an invalid UTF-8 sequence starts (overlongs, surrogates and values above U+10FFFF included). */
function invalidOffsets(b: Buffer): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    if (ok && n === 3) {
      const c1 = b[i + 1]!;
      ok = !(c === 0xe0 && c1 < 0xa0) && !(c === 0xed && c1 >= 0xa0);
    } else if (ok && n === 4) {
      const c1 = b[i + 1]!;
      ok = !(c === 0xf0 && c1 < 0x90) && !(c === 0xf4 && c1 >= 0x90);
    }
    if (ok) {
      i += n;
    } else {
      out.push(i);
      i++;
    }
  }
  return out;
}

/** The check a reader puts on its file: strict, or with --lenient each invalid sequence counted as a warning. */
export function utf8Check(ctx: FileContext): Utf8Check {
  if (!ctx.problems.lenient) return new Utf8Check(ctx.path);
  return new Utf8Check(ctx.path, (line) =>
    ctx.builder.warn(
      'invalid-utf8',
      `invalid UTF-8 bytes read as U+FFFD (--lenient): ids or prompts that differ only there read as one; first: ` +
        `${ctx.path}:${line}`,
    ),
  );
}
