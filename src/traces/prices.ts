/**
 * Versioned price tables (DESIGN §2). Prices are USD per million tokens.
 */
export interface PriceEntry {
  readonly model: string;
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
  readonly cachedInputUsdPerMTok?: number;
  readonly reasoningUsdPerMTok?: number;
  /** ISO dates bounding when this price held; absent = open-ended. */
  readonly validFrom?: string;
  readonly validTo?: string;
}

export interface PriceTable {
  /** Free-form version label (e.g. the source and its date). */
  readonly version: string;
  readonly source?: string;
  readonly entries: readonly PriceEntry[];
  /** Explicit model-id aliases: alias → canonical model id. */
  readonly aliases?: Readonly<Record<string, string>>;
}
