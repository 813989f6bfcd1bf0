/**
 * The deployment file (`--deployment d.json`) as a zod schema: strict objects (an unknown key is an error,
 * so a typo is never silently ignored), non-negative numbers, times as ISO-8601 strings or epoch ms.
 */
import { z } from 'zod';

const nonNegative = z.number().finite().min(0);
const positiveInt = z.number().int().min(1);
/** A point in time: epoch ms, or an ISO-8601 string with a date (parsed by the loader). */
const instant = z.union([nonNegative, z.string().min(1)], { error: 'expected epoch ms or an ISO-8601 date-time' });

const latencySchema = z.union(
  [
    z.literal('trace'),
    z.strictObject({
      /** Time to first token. */
      ttftMs: nonNegative,
      /** Output tokens per second after the first token. */
      outputTokensPerS: z.number().finite().gt(0),
    }),
  ],
  { error: 'expected "trace" or a profile {"ttftMs": ≥ 0, "outputTokensPerS": > 0}' },
);

const priceSchema = z.strictObject({ inputUsdPerMTok: nonNegative, outputUsdPerMTok: nonNegative });

export const providerSchema = z.strictObject({
  name: z.string().min(1),
  model: z.string().min(1),
  /** Calls served at once; absent = unlimited. */
  concurrency: positiveInt.optional(),
  /** Calls accepted in any sliding 60 s window; absent = unlimited. */
  rpm: positiveInt.optional(),
  /** Input + output tokens accepted in any sliding 60 s window; absent = unlimited. */
  tpm: positiveInt.optional(),
  latency: latencySchema.default('trace'),
  errorRate: z.number().min(0).max(1).default(0),
  outages: z.array(z.strictObject({ start: instant, end: instant })).default([]),
  price: priceSchema.optional(),
  /** LiteLLM simple-shuffle weight. */
  weight: z.number().finite().gt(0).optional(),
});

const openRouterSchema = z.strictObject({
  type: z.literal('openrouter'),
  sort: z.enum(['price', 'throughput', 'latency']).optional(),
  order: z.array(z.string().min(1)).optional(),
  only: z.array(z.string().min(1)).optional(),
  ignore: z.array(z.string().min(1)).optional(),
  allow_fallbacks: z.boolean().default(true),
  /** OpenRouter's `models`: fallback models tried, in order, after the chosen one (and its gateway.fallbacks). */
  models: z.array(z.string().min(1)).optional(),
  max_price: z.strictObject({ prompt: nonNegative.optional(), completion: nonNegative.optional() }).optional(),
});

const liteLlmSchema = z.strictObject({
  type: z.literal('litellm'),
  strategy: z.enum([
    'simple-shuffle',
    'least-busy',
    'latency-based-routing',
    'usage-based-routing',
    'cost-based-routing',
  ]),
  /** latency-based-routing: pick at random among providers within (1 + buffer) × the lowest latency. */
  lowestLatencyBuffer: nonNegative.default(0),
});

export const gatewaySchema = z.strictObject({
  retries: z.number().int().min(0).default(0),
  retryBackoffMs: nonNegative.default(0),
  timeoutMs: z.number().gt(0).optional(),
  fallbacks: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
  cooldown: z
    .strictObject({ allowedFails: z.number().int().min(0), windowMs: z.number().gt(0), cooldownMs: nonNegative })
    .optional(),
  providerRouting: z.discriminatedUnion('type', [openRouterSchema, liteLlmSchema]).default({
    type: 'openrouter',
    allow_fallbacks: true,
  }),
});

export const deploymentSchema = z.strictObject({
  providers: z.array(providerSchema).min(1),
  gateway: gatewaySchema.default({
    retries: 0,
    retryBackoffMs: 0,
    fallbacks: {},
    providerRouting: { type: 'openrouter', allow_fallbacks: true },
  }),
});

export type DeploymentInput = z.output<typeof deploymentSchema>;
export type ProviderRouting = z.output<typeof gatewaySchema>['providerRouting'];
