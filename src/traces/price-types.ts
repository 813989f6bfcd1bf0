/**
 * Versioned price tables (docs/ARCHITECTURE.md, "The trace"). Prices are USD per million tokens.
 *
 * Token classes and how they are billed (see `priceTrace`):
 * - cached input tokens are a subset of input tokens, billed at `cachedInputUsdPerMTok` (input price if absent);
 * - reasoning tokens are a subset of output tokens, billed at `reasoningUsdPerMTok` (output price if absent).
 */
export interface PriceEntry {
  readonly model: string;
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
  readonly cachedInputUsdPerMTok?: number;
  readonly reasoningUsdPerMTok?: number;
  /** ISO dates bounding when this price held: validFrom inclusive, validTo exclusive; absent = open-ended. */
  readonly validFrom?: string;
  readonly validTo?: string;
  /** Where this one price came from, when a table merges several sources. */
  readonly source?: string;
}

export interface PriceTable {
  /** Free-form version label (e.g. the source and its date). */
  readonly version: string;
  readonly source?: string;
  readonly entries: readonly PriceEntry[];
  /** Explicit model-id aliases: alias → canonical model id. */
  readonly aliases?: Readonly<Record<string, string>>;
}
