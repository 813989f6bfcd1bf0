/**
 * The first pass of a streamed replay: what a policy may know of the whole trace before the first request —
 * the catalog's per-model means, the model list, the columns present — folded over the chunks. Means are
 * summed chunk by chunk (rows in chunk order), so they can differ from the in-memory catalog's in the last
 * bit: a policy reading them decides the same unless two models' expected costs tie that closely.
 */
import type { CatalogModel } from '../policy/types.ts';
import { resolvePrice } from '../traces/price-table.ts';
import type { PriceTable } from '../traces/price-types.ts';
import { compareIds } from '../traces/sorted-codes.ts';
import type { CanonicalColumn, NumberColumn, Trace, TraceWarning } from '../traces/trace.ts';
import { addWarnings } from './stream-chunk.ts';

/** What the first pass learns of the whole trace. */
export interface WholeTrace {
  readonly models: readonly string[];
  readonly present: ReadonlySet<CanonicalColumn>;
  readonly warnings: readonly TraceWarning[];
  readonly requests: number;
  readonly rows: number;
  /** Per model name: sums and counts of known cost, output tokens and input tokens. */
  readonly sums: ReadonlyMap<string, Float64Array>;
}

const MEAN_COLUMNS = ['costUsd', 'outputTokens', 'inputTokens'] as const;

/** Folds chunk traces, one at a time, into a WholeTrace. */
export class WholeTraceFold {
  private readonly present = new Set<CanonicalColumn>();
  private readonly warnings = new Map<string, TraceWarning>();
  private readonly sums = new Map<string, Float64Array>();
  private requests = 0;
  private rows = 0;

  add(chunk: Trace): void {
    this.requests += chunk.requestCount;
    this.rows += chunk.rowCount;
    for (const c of chunk.present) this.present.add(c);
    addWarnings(this.warnings, chunk.warnings);
    // [sum, count] per column: the same rows meansByModel averages (known values only).
    const per = chunk.modelNames.map((m) => {
      let s = this.sums.get(m);
      if (!s) this.sums.set(m, (s = new Float64Array(2 * MEAN_COLUMNS.length)));
      return s;
    });
    MEAN_COLUMNS.forEach((name, k) => {
      const col: NumberColumn = chunk[name];
      for (let i = 0; i < chunk.rowCount; i++) {
        const v = col[i]!;
        if (v !== v) continue;
        const s = per[chunk.rowModel[i]!]!;
        s[2 * k]! += v;
        s[2 * k + 1]!++;
      }
    });
  }

  finish(): WholeTrace {
    return {
      models: [...this.sums.keys()].sort(compareIds),
      present: this.present,
      warnings: [...this.warnings.values()],
      requests: this.requests,
      rows: this.rows,
      sums: this.sums,
    };
  }
}

/** The catalog buildCatalog would give for the whole trace without a training trace (means of the whole). */
export function wholeCatalog(whole: WholeTrace, prices: PriceTable | undefined): CatalogModel[] {
  return whole.models.map((model) => {
    const s = whole.sums.get(model)!;
    const mean = (k: number): number => (s[2 * k + 1] === 0 ? NaN : s[2 * k]! / s[2 * k + 1]!);
    return {
      model,
      price: prices && resolvePrice(prices, model),
      meanCostUsd: mean(0),
      meanOutputTokens: mean(1),
      meanInputTokens: mean(2),
    };
  });
}
