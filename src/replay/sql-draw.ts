/**
 * The keyed draw of core/keyed-draw.ts in SQL without converting hex to a number (which every engine spells
 * differently, and BigQuery's INT64 cannot hold unsigned): u = k / 2^32 with k = the first 8 hex digits of
 * md5('<key>:0:<request_id>'). The weighted pick tests u·total < c; since k ↦ (k / 2^32)·total is
 * non-decreasing in doubles, that holds exactly for k below some integer K, found here by bisection, and
 * k < K is a comparison of two 8-digit lowercase hex strings.
 */
import { type SqlDialect, dialectText } from './sql-dialect.ts';

const TWO_32 = 4294967296;

/** The smallest k in [0, 2^32] with (k / 2^32)·total ≥ c, computed with the replay's double arithmetic. */
export function drawCut(total: number, c: number): number {
  let lo = 0,
    hi = TWO_32;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((mid / TWO_32) * total >= c) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The SQL condition "the draw of this request, times total, is below c". */
export function drawBelow(dialect: SqlDialect, key: string, total: number, c: number): string {
  const cut = drawCut(total, c);
  if (cut === 0) return '1 = 0';
  if (cut === TWO_32) return '1 = 1';
  const text = `'${`${key}:0:`.replace(/'/g, "''")}' || request_id`;
  return `SUBSTRING(${dialectText(dialect).md5Hex(text)}, 1, 8) < '${cut.toString(16).padStart(8, '0')}'`;
}
