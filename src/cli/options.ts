/**
 * Flag validation shared by the commands, through one zod schema per flag family so every command reports
 * a bad value the same way (ConfigError → exit code 2).
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';

const seed = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const fraction = z.coerce.number().gt(0).lt(1);

export const replayFlagsSchema = z.object({
  seed: seed.default(0),
  split: fraction.optional(),
  train: z.string().optional(),
  by: z.string().min(1).optional(),
  resamples: z.coerce.number().int().min(0).max(100_000).default(1000),
});

/** Parses `flags` with `schema`, turning the first issue into a ConfigError naming the flag. */
export function parseFlags<T extends z.ZodType>(schema: T, flags: unknown): z.output<T> {
  const r = schema.safeParse(flags);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const flag = issue.path.map(String).join('.');
  const got = (flags as Record<string, unknown>)[flag];
  throw new ConfigError(`--${flag}: ${issue.message}${got === undefined ? '' : `, got "${String(got)}"`}`);
}
