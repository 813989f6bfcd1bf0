import type { CanonicalColumn, Status } from './trace.ts';

/**
 * One validated row on its way into a Trace. Readers reuse one object per file (the builder copies the
 * values out), so adding a row allocates nothing but new dictionary entries.
 */
export interface RowInput {
  requestId: string;
  model: string;
  timestampMs: number;
  prompt: string | undefined;
  task: string | undefined;
  quality: number;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  cachedInputTokens: number;
  costUsd: number;
  latencyMs: number;
  ttftMs: number;
  status: Status;
  propensity: number;
  attempt: number;
  /** Extra columns; empty strings are "no value". */
  tags: Record<string, string> | undefined;
  /** True when the token counts came from a tokenizer rather than the provider's usage record. */
  tokensEstimated?: boolean;
}

/** A fresh RowInput with every optional value absent (NaN / undefined), status ok, attempt 1. */
export function emptyRow(): RowInput {
  return {
    requestId: '',
    model: '',
    timestampMs: NaN,
    prompt: undefined,
    task: undefined,
    quality: NaN,
    inputTokens: NaN,
    outputTokens: NaN,
    reasoningTokens: NaN,
    cachedInputTokens: NaN,
    costUsd: NaN,
    latencyMs: NaN,
    ttftMs: NaN,
    status: 'ok',
    propensity: NaN,
    attempt: 1,
    tags: undefined,
  };
}

/** The numeric fields of a row, each with its canonical column. */
export type NumericKey =
  | 'quality'
  | 'inputTokens'
  | 'outputTokens'
  | 'reasoningTokens'
  | 'cachedInputTokens'
  | 'costUsd'
  | 'latencyMs'
  | 'ttftMs'
  | 'propensity';
export const NUMERIC: readonly [NumericKey, CanonicalColumn][] = [
  ['quality', 'quality'],
  ['inputTokens', 'input_tokens'],
  ['outputTokens', 'output_tokens'],
  ['reasoningTokens', 'reasoning_tokens'],
  ['cachedInputTokens', 'cached_input_tokens'],
  ['costUsd', 'cost_usd'],
  ['latencyMs', 'latency_ms'],
  ['ttftMs', 'ttft_ms'],
  ['propensity', 'propensity'],
];
