import { TraceFormatError } from '../core/errors.ts';
import type { PriceEntry, PriceTable } from './price-types.ts';

/**
 * litellm's `model_prices_and_context_window.json` (also mirrored by tokencost): `{<model key>: {mode,
 * input_cost_per_token, output_cost_per_token, cache_read_input_token_cost?, output_cost_per_reasoning_token?, …}}`.
 * Costs are USD per token and become USD per million tokens. Keys are kept as litellm spells them (both
 * `gpt-4o-mini` and `openai/gpt-4o-mini` exist there). Skipped, because a token price does not describe them:
 * `sample_spec`, models whose `mode` is not a text-generation mode (embedding, image, audio, rerank,
 * moderation, or no mode at all), and models without both an input and an output price per token.
 * Long-context surcharges (`*_above_128k_tokens`), batch prices and per-request fees are not modelled.
 */
const TEXT_MODES = new Set(['chat', 'completion', 'responses']);

/** True when `json` looks like a litellm price map (an object of objects with litellm's cost keys). */
export function isLitellm(json: unknown): json is Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  return Object.values(json).some(
    (v) => v !== null && typeof v === 'object' && ('input_cost_per_token' in v || 'litellm_provider' in v),
  );
}

/** Imports a litellm price map into a PriceTable (no validity dates: litellm lists current prices only). */
export function importLitellm(json: unknown, file: string): PriceTable {
  if (!isLitellm(json)) {
    throw new TraceFormatError(
      { file, column: '$' },
      'expected a litellm price map {"<model>": {"input_cost_per_token": …}}, got something else',
    );
  }
  const entries: PriceEntry[] = [];
  for (const [model, spec] of Object.entries(json)) {
    if (model === 'sample_spec' || spec === null || typeof spec !== 'object') continue;
    const s = spec as Record<string, unknown>;
    if (typeof s.mode !== 'string' || !TEXT_MODES.has(s.mode)) continue;
    if (s.input_cost_per_token === undefined || s.output_cost_per_token === undefined) continue;
    const perMTok = (key: string): number | undefined => {
      const v = s[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new TraceFormatError(
          { file, column: `$[${JSON.stringify(model)}].${key}` },
          `expected a finite cost per token ≥ 0, got ${JSON.stringify(v)}`,
        );
      }
      return toPerMTok(v);
    };
    const cached = perMTok('cache_read_input_token_cost');
    const reasoning = perMTok('output_cost_per_reasoning_token');
    entries.push({
      model,
      inputUsdPerMTok: perMTok('input_cost_per_token')!,
      outputUsdPerMTok: perMTok('output_cost_per_token')!,
      ...(cached === undefined ? {} : { cachedInputUsdPerMTok: cached }),
      ...(reasoning === undefined ? {} : { reasoningUsdPerMTok: reasoning }),
    });
  }
  return { version: `litellm model prices (${entries.length} text models)`, source: file, entries };
}

/**
 * USD per token → USD per million tokens, rounded to 12 significant digits so 4e-7 gives 0.4, not
 * 0.39999999999999997.
 */
export function toPerMTok(usdPerToken: number): number {
  return Number((usdPerToken * 1e6).toPrecision(12));
}
