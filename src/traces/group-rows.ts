import { NUMERIC, type NumericKey } from './row-input.ts';
import type { CanonicalColumn, NumberColumn } from './trace.ts';

/**
 * Counting sort of rows by request: `start` holds each request's CSR offset and `order` the row indices grouped by
 * request (file order kept within a request). O(rows); `rank` maps a row's request code to its sorted position.
 */
export function groupRows(
  rowRequest: Uint32Array,
  rank: ArrayLike<number>,
  n: number,
  R: number,
): { start: Uint32Array; order: Uint32Array } {
  const start = new Uint32Array(R + 1);
  for (let i = 0; i < n; i++) start[rank[rowRequest[i]!]! + 1]!++;
  for (let r = 0; r < R; r++) start[r + 1]! += start[r]!;
  // Rows already in request order (a generated matrix, a sorted log): the order is the identity.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = rank[rowRequest[i - 1]!]! <= rank[rowRequest[i]!]!;
  const order = new Uint32Array(n);
  if (sorted) {
    for (let i = 0; i < n; i++) order[i] = i;
    return { start, order };
  }
  const fill = start.slice(0, R);
  for (let i = 0; i < n; i++) order[fill[rank[rowRequest[i]!]!]!++] = i;
  return { start, order };
}

/** The canonical numeric columns with a value on at least one of the `m` kept rows. */
export function presentNumeric(numeric: Record<NumericKey, NumberColumn>, m: number): CanonicalColumn[] {
  const present: CanonicalColumn[] = [];
  for (const [k, col] of NUMERIC) {
    const values = numeric[k];
    for (let i = 0; i < m; i++) {
      if (!Number.isNaN(values[i]!)) {
        present.push(col);
        break;
      }
    }
  }
  return present;
}
