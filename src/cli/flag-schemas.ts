/**
 * Flag validation, one zod schema per command, so every command reports a bad value the same way
 * (ConfigError naming the flag → exit code 2) and nothing downstream re-parses a flag.
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';

/** Commander hands every flag value over as text; a number flag must be one, whole where it says so. */
const number = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? Number.NaN : Number(v)) : v),
  z.number('expected a number').finite('expected a finite number'),
);
const int = number.pipe(z.number().int('expected a whole number'));
const seed = int.pipe(
  z
    .number()
    .min(0)
    .max(2 ** 32 - 1),
);
const fraction = number.pipe(z.number().gt(0).lt(1));

export const replayFlagsSchema = z.object({
  seed: seed.default(0),
  split: fraction.optional(),
  train: z.string().optional(),
  by: z.string().min(1).optional(),
  resamples: int.pipe(z.number().min(0).max(100_000)).default(1000),
});

export const sweepFlagsSchema = replayFlagsSchema.extend({
  points: int.pipe(z.number().min(3, 'expected at least 3 points')).default(21),
});

export const demoFlagsSchema = z.object({ seed: seed.default(0), out: z.string().min(1) });

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

export const trainFlagsSchema = z.object({
  out: z.string().min(1),
  arch: z.enum(['mlp', 'logistic']),
  seed: seed.default(0),
  epochs: int.pipe(z.number().min(1)).default(30),
  hashBits: int.pipe(z.number().min(4).max(24)).default(14),
  hidden: z
    .string()
    .default('64')
    .transform(list)
    .pipe(z.array(z.string().regex(/^[1-9]\d*$/, 'expected layer widths, e.g. 64 or 128,32')).min(1))
    .transform((widths) => widths.map(Number)),
  models: z.string().transform(list).optional(),
  tags: z.string().transform(list).optional(),
  targetCost: number.pipe(z.number().min(0, 'expected a cost ≥ 0 (USD per request)')).optional(),
  targetQuality: number.pipe(z.number().min(0).max(1, 'expected a quality in [0, 1]')).optional(),
  maxShare: z.string().optional(),
  lambda: number.pipe(z.number().min(0)).optional(),
  promptTail: int.pipe(z.number().min(1)).optional(),
  threshold: number.pipe(z.number().min(0).max(1)).default(0.5),
  calibration: z.enum(['temperature', 'isotonic', 'none']),
  classWeight: z.enum(['none', 'balanced']),
  backend: z.enum(['auto', 'wasm', 'cpu', 'tensorflow']),
});

/** Parses `flags` with `schema`, turning the first issue into a ConfigError naming the flag. */
export function parseFlags<T extends z.ZodType>(schema: T, flags: unknown): z.output<T> {
  const r = schema.safeParse(flags);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = issue.path.map(String).join('.');
  const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const got = (flags as Record<string, unknown>)[key];
  throw new ConfigError(`--${flag}: ${issue.message}${got === undefined ? '' : `, got "${String(got)}"`}`, {
    setting: `--${flag}`,
  });
}
