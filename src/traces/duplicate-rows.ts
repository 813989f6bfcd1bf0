import { TraceFormatError } from '../core/errors.ts';

/** The row columns duplicate detection reads, as the builder holds them before grouping. */
export interface RowsForDuplicates {
  readonly rowCount: number;
  readonly rowModel: Uint32Array;
  readonly attempt: Uint32Array;
  readonly rowSource: Uint16Array;
  readonly rowLine: Uint32Array;
  readonly sources: readonly string[];
  readonly modelNames: readonly string[];
  /** Whether the input had an attempt column: the message then names the attempt. */
  readonly sawAttempt: boolean;
}

/**
 * `order` (row indices grouped by request, `start` the CSR offsets) without the second and later rows of one
 * request × model × attempt. Strict: a TraceFormatError listing every duplicate (up to `maxProblems`) at the
 * first one's line; lenient: the rows are dropped and counted (`dropped`) for the caller's warning.
 */
export function dropDuplicateRows(
  rows: RowsForDuplicates,
  order: Uint32Array,
  start: Uint32Array,
  requestIds: readonly string[],
  options: { lenient?: boolean; maxProblems?: number },
): { keep: Uint32Array; dropped: number } {
  const problems: string[] = [];
  const max = options.maxProblems ?? 20;
  const drop = new Uint8Array(rows.rowCount);
  let dropped = 0;
  const seen = new Map<number, number>();
  // Without attempts (all 1) a row's key is its model: the first row of each model, stamped with its request.
  const firstOf = rows.sawAttempt ? undefined : new Int32Array(rows.modelNames.length);
  const stamp = new Int32Array(rows.sawAttempt ? 0 : rows.modelNames.length).fill(-1);
  for (let r = 0; r + 1 < start.length; r++) {
    const a = start[r]!,
      b = start[r + 1]!;
    if (b - a < 2) continue;
    seen.clear();
    for (let j = a; j < b; j++) {
      const i = order[j]!;
      let first: number | undefined;
      if (firstOf) {
        const m = rows.rowModel[i]!;
        if (stamp[m] === r) first = firstOf[m]!;
        else {
          stamp[m] = r;
          firstOf[m] = i;
        }
      } else {
        const key = rows.rowModel[i]! * 65536 + rows.attempt[i]!;
        first = seen.get(key);
        if (first === undefined) seen.set(key, i);
      }
      if (first === undefined) continue;
      drop[i] = 1;
      dropped++;
      if (problems.length < max) {
        const where = `${rows.sources[rows.rowSource[i]!]}:${rows.rowLine[i]} (model)`;
        const attempt = rows.sawAttempt ? `, attempt ${rows.attempt[i]}` : '';
        problems.push(
          `${where}: expected one row per request_id and model${attempt}, got a second row for request ` +
            `"${requestIds[r]}" and model "${rows.modelNames[rows.rowModel[i]!]}" (first at line ` +
            `${rows.rowLine[first]}); add an \`attempt\` column to tell retries apart, or remove the duplicate`,
        );
      }
    }
  }
  if (dropped > 0 && !options.lenient) {
    const i = order.find((k) => drop[k] === 1)!;
    const first = problems[0]!;
    throw new TraceFormatError(
      { file: rows.sources[rows.rowSource[i]!]!, line: rows.rowLine[i]!, column: 'model' },
      first.slice(first.indexOf(': ') + 2) + (dropped > 1 ? ` (and ${dropped - 1} more duplicate rows)` : ''),
      { problems },
    );
  }
  if (dropped === 0) return { keep: order, dropped };
  const keep = new Uint32Array(order.length - dropped);
  let k = 0;
  for (const i of order) if (!drop[i]) keep[k++] = i;
  return { keep, dropped };
}
