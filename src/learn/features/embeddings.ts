/**
 * "Bring your own embeddings": a per-request vector from a tag column (a JSON array string) or from a
 * side file mapping `request_id` → vector (JSONL with {"request_id", "embedding"} per line, or Parquet
 * with the same two columns). Nothing is computed or downloaded here; vectors are only validated.
 */
import { readFile } from 'node:fs/promises';
import { TraceFormatError } from '../../core/errors.ts';

export type EmbeddingTable = ReadonlyMap<string, Float32Array>;

function toVector(
  value: unknown,
  where: { file: string; line: number; column?: string },
  dim: number | undefined,
): Float32Array {
  let v = value;
  if (typeof value === 'string') {
    try {
      v = JSON.parse(value);
    } catch (err) {
      const got = JSON.stringify(value.slice(0, 40));
      throw new TraceFormatError(where, `expected a JSON array of numbers, got ${got}`, { cause: err });
    }
  }
  if (!Array.isArray(v) && !ArrayBuffer.isView(v))
    throw new TraceFormatError(where, `expected an array of numbers, got ${typeof v}`);
  const arr = Array.from(v as ArrayLike<unknown>);
  if (dim !== undefined && arr.length !== dim) {
    throw new TraceFormatError(
      where,
      `expected an embedding of ${dim} numbers (as on earlier rows), got ${arr.length}; every vector must have ` +
        `the same dimension`,
    );
  }
  const out = new Float32Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new TraceFormatError(where, `expected a finite number at position ${i}, got ${JSON.stringify(x)}`);
    out[i] = x;
  }
  return out;
}

/** Parses one embedding value (a JSON array string or an array); throws with `where` on bad input. */
export function parseEmbedding(
  value: unknown,
  where: { file: string; line: number; column?: string },
  dim?: number,
): Float32Array {
  return toVector(value, where, dim);
}

/** Reads a JSONL or Parquet side file of request_id → embedding; all vectors must share one dimension. */
export async function readEmbeddingFile(path: string): Promise<{ table: EmbeddingTable; dim: number }> {
  const table = new Map<string, Float32Array>();
  let dim: number | undefined;
  const put = (id: unknown, vec: unknown, line: number): void => {
    if (typeof id !== 'string' && typeof id !== 'number')
      throw new TraceFormatError(
        { file: path, line, column: 'request_id' },
        `expected a request id, got ${JSON.stringify(id)}`,
      );
    const v = toVector(vec, { file: path, line, column: 'embedding' }, dim);
    if (v.length === 0)
      throw new TraceFormatError({ file: path, line, column: 'embedding' }, 'expected a non-empty embedding, got []');
    dim = v.length;
    if (table.has(String(id)))
      throw new TraceFormatError(
        { file: path, line, column: 'request_id' },
        `expected each request once, got ${String(id)} again`,
      );
    table.set(String(id), v);
  };
  if (path.endsWith('.parquet')) {
    const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
    const file = await asyncBufferFromFile(path);
    const rows = (await parquetReadObjects({ file, columns: ['request_id', 'embedding'] })) as Record<
      string,
      unknown
    >[];
    rows.forEach((row, i) => put(row.request_id, row.embedding, i + 1));
  } else {
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    lines.forEach((raw, i) => {
      if (raw.trim() === '') return;
      let rec: unknown;
      try {
        rec = JSON.parse(raw);
      } catch (err) {
        throw new TraceFormatError(
          { file: path, line: i + 1 },
          `expected a JSON object {"request_id": …, "embedding": [...]}, got invalid JSON (${(err as Error).message})`,
        );
      }
      const r = rec as Record<string, unknown>;
      put(r.request_id, r.embedding, i + 1);
    });
  }
  if (dim === undefined)
    throw new TraceFormatError({ file: path }, 'expected at least one embedding, got an empty file');
  return { table, dim };
}
