import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { TraceFormatError } from '../core/errors.ts';

const READ_CHUNK_BYTES = 1 << 20;

/** Size of a file in bytes, or a TraceFormatError naming it when it cannot be read. */
export async function inputSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile())
      throw new TraceFormatError({ file: path }, 'expected a trace file, got a directory or special file');
    return s.size;
  } catch (err) {
    if (err instanceof TraceFormatError) throw err;
    throw new TraceFormatError({ file: path }, `expected a readable file, got ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** True when the file starts with the gzip magic bytes, whatever its name says. */
export async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * The file's bytes as a stream, gunzipped when it is gzip (by magic bytes, so a misnamed file still
 * reads). `onBytes` is told how many bytes *of the file* each chunk consumed, for progress.
 */
export async function openInput(path: string, onBytes?: (n: number) => void, text?: Transform): Promise<Readable> {
  const bytes = await openBytes(path, onBytes);
  if (!text) return bytes;
  // `text` checks the (decompressed) bytes as text: their errors and an early stop travel both ways.
  bytes.on('error', (err) => text.destroy(err));
  text.on('close', () => bytes.destroy());
  return bytes.pipe(text);
}

async function openBytes(path: string, onBytes?: (n: number) => void): Promise<Readable> {
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  if (onBytes) file.on('data', (chunk) => onBytes(chunk.length));
  if (!gzip) return file;
  const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
  file.on('error', (err) => gunzip.destroy(err));
  // A reader that stops early destroys the stream it holds; the file under it must close too.
  gunzip.on('close', () => file.destroy());
  return file.pipe(gunzip);
}

/** Turns a zlib failure into a file-level TraceFormatError; other errors pass through unchanged. */
export function inputError(path: string, err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new TraceFormatError(
      { file: path },
      `expected a complete gzip stream, got "${(err as Error).message}"; the file is truncated or corrupt`,
      { cause: err },
    );
  }
  return err;
}
