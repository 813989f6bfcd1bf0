import { TraceFormatError, formatLocation } from '../core/errors.ts';
import type { FileLocation } from '../core/errors.ts';
import type { TraceBuilder } from './builder.ts';
import type { Expectation } from './columns.ts';
import { showValue } from './parse-values.ts';

/** `expected <what>, got <value>; <remedy>` — the detail part of every cell problem. */
export function describeCell(expect: Expectation, value: unknown): string {
  return `expected ${expect.what}, got ${showValue(value)}${expect.remedy ? `; ${expect.remedy}` : ''}`;
}

/**
 * Collects every problem of one read (across all files) so a user fixes them in one pass. File-level
 * problems (no header, missing columns, unreadable bytes) are always fatal; row problems are fatal in
 * strict mode and, with `lenient`, skip the row and count it as a warning instead.
 */
export class ProblemLog {
  private readonly found: { loc: FileLocation; detail: string }[] = [];
  private total = 0;
  private readonly max: number;

  constructor(
    private readonly builder: TraceBuilder,
    readonly lenient: boolean,
    maxProblems: number,
  ) {
    this.max = Math.max(1, maxProblems);
  }

  /** A problem that makes the whole read fail, whatever the mode. */
  fatal(loc: FileLocation, detail: string): void {
    this.total++;
    if (this.found.length < this.max) this.found.push({ loc, detail });
  }

  /** A problem confined to one row; the caller drops the row. */
  row(loc: FileLocation, detail: string): void {
    if (this.lenient) {
      this.builder.warn(
        'skipped-row',
        `rows skipped because they failed validation (--lenient); first: ${formatLocation(loc)}: ${detail}`,
      );
      return;
    }
    this.fatal(loc, detail);
  }

  get count(): number {
    return this.total;
  }

  /** Throws one TraceFormatError listing every collected problem, the first as its message. */
  throwIfAny(): void {
    const first = this.found[0];
    if (!first) return;
    const more = this.total - 1;
    const tail = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
    throw new TraceFormatError(first.loc, first.detail + tail, {
      problems: this.found.map((p) => `${formatLocation(p.loc)}: ${p.detail}`),
    });
  }
}
