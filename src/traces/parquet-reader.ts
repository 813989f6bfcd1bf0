import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { isGzip } from './open-input.ts';
import type { FileContext, RecordSink } from './record-sink.ts';

async function openParquet(path: string): Promise<AsyncBuffer> {
  if (!(await isGzip(path))) return asyncBufferFromFile(path);
  // Parquet needs random access, so a gzipped file is inflated into memory first.
  const bytes = gunzipSync(await readFile(path));
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { byteLength: buf.byteLength, slice: (start, end) => buf.slice(start, end) };
}

/**
 * Reads a Parquet file (hyparquet, with the common codecs) one row group at a time, so memory holds
 * one group's rows on top of the Trace. A record's "line" is its 1-based record number.
 */
export async function readParquet(
  ctx: FileContext,
  chooseSink: (names: readonly string[]) => RecordSink,
  onBytes?: (n: number) => void,
): Promise<void> {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = await openParquet(ctx.path);
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    ctx.problems.fatal({ file: ctx.path }, `expected a Parquet file, got unreadable bytes (${(err as Error).message})`);
    return;
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const sink = chooseSink(names);
  if (!sink.header(names, 1)) return;
  const total = Number(metadata.num_rows);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: unknown[][] = [];
    await parquetRead({
      file,
      metadata,
      rowStart,
      rowEnd,
      compressors,
      onComplete: (r: unknown[][]) => {
        rows = r;
      },
    });
    for (let i = 0; i < rows.length; i++) sink.row(rows[i]!, rowStart + i + 1);
    if (onBytes && total > 0) onBytes((file.byteLength * (rowEnd - rowStart)) / total);
    rowStart = rowEnd;
  }
  sink.end(rowStart + 1);
}
