/**
 * manifest.json of a model directory: everything needed to rebuild the predictor and to judge it —
 * feature config, candidate models and their cost estimates, calibration, λ and its target, the
 * training data's hash, seed, backend and the held-out evaluation. Checked with zod on load.
 */
import { z } from 'zod';
import { ModelFileError } from '../core/errors.ts';

export const MODEL_DIR_FORMAT = 1;

const routeTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lambda'), lambda: z.number() }),
  z.object({ type: z.literal('target-cost'), costUsd: z.number() }),
  z.object({ type: z.literal('target-quality'), quality: z.number() }),
  z.object({ type: z.literal('max-share'), model: z.string(), share: z.number() }),
]);

const calibration = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('temperature'), temperatures: z.array(z.number()) }),
  z.object({
    type: z.literal('isotonic'),
    maps: z.array(z.object({ x: z.array(z.number()), y: z.array(z.number()) })),
  }),
]);

export const manifestSchema = z.object({
  routelab: z.string(),
  format: z.literal(MODEL_DIR_FORMAT),
  seed: z.number(),
  backend: z.string(),
  trainingData: z.object({
    sources: z.array(z.string()),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    requests: z.object({ train: z.number(), calibration: z.number(), test: z.number() }),
  }),
  models: z.array(z.string()).min(1),
  /** ĉ_m: mean recorded cost per request on the training split (USD). */
  modelCostUsd: z.array(z.number()),
  /** Per model: where ĉ came from (see model-costs.ts). */
  costSource: z.array(z.enum(['recorded', 'price-table', 'price-table-input-only'])).optional(),
  prices: z
    .array(z.object({ model: z.string(), inputUsdPerMTok: z.number(), outputUsdPerMTok: z.number() }).loose())
    .nullable(),
  labels: z.object({ mode: z.enum(['binary', 'graded']), threshold: z.number() }),
  network: z.object({
    arch: z.enum(['mlp', 'logistic']),
    inputDim: z.number().int().positive(),
    outputs: z.number().int().positive(),
    hidden: z.array(z.number().int().positive()),
    dropout: z.number(),
  }),
  features: z.object({
    hashBits: z.number().int(),
    promptTailChars: z.number().int().nullable(),
    prefixes: z.record(z.string(), z.string()),
    categorical: z.array(z.object({ column: z.string(), values: z.array(z.string()) })),
    embedding: z
      .union([
        z.object({ type: z.literal('column'), column: z.string(), dim: z.number().int() }),
        z.object({ type: z.literal('file'), file: z.string(), dim: z.number().int() }),
      ])
      .nullable(),
    structure: z.array(z.string()),
  }),
  calibration,
  route: z.object({ target: routeTarget, lambda: z.number() }),
  /** SHA-256 of each binary file, so a truncated or edited file is caught with its name. */
  files: z.record(z.string(), z.string()),
  calibrationRequests: z.number().int(),
  fit: z.object({
    epochsRun: z.number(),
    bestEpoch: z.number(),
    trainLoss: z.array(z.number()),
    validationLoss: z.array(z.number()),
    positiveWeights: z.array(z.number()),
    /** Added later (absent in older model files): the linear head validation chose and its ranking weight. */
    head: z.string().optional(),
    pairWeight: z.number().optional(),
  }),
  evaluation: z.unknown(),
  /** Added later (absent = no blend): the knn blend weight chosen on the calibration split and knn.bin's sizes. */
  knn: z
    .object({
      weight: z.number(),
      k: z.number().int(),
      buckets: z.number().int(),
      requests: z.number().int(),
      nnz: z.number().int(),
      models: z.number().int(),
    })
    .optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** Throws naming the candidate models the trace (or catalog) lacks. */
export function checkCandidates(manifest: Manifest, available: readonly string[], where: string): void {
  const have = new Set(available);
  const missing = manifest.models.filter((m) => !have.has(m));
  if (missing.length) {
    throw new ModelFileError(
      `${where}: the model was trained for ${manifest.models.join(', ')} but ${missing.join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} not in the trace; replay on a trace with those models or ` +
        `retrain with --models limited to the ones you have`,
    );
  }
}
