/**
 * Bundled public latency profiles of providers (datasets/profiles/providers.json, from llmperf-leaderboard):
 * read and checked once here, used for models a log never called.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TraceFormatError } from '../core/errors.ts';

export interface ProviderProfileEntry {
  readonly provider: string;
  readonly modelMatch: string;
  readonly ttftMs: number;
  readonly tokensPerSecond: number;
}

const schema = z.object({
  profiles: z.array(
    z.object({
      provider: z.string().min(1),
      modelMatch: z.string().min(1),
      ttftMs: z.number().nonnegative(),
      tokensPerSecond: z.number().positive(),
    }),
  ),
});

/** The profiles of a providers.json file; a TraceFormatError naming the file when it does not fit. */
export async function readProviderProfiles(path: string): Promise<ProviderProfileEntry[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new TraceFormatError({ file: path }, `expected a provider profiles JSON file, got ${(err as Error).message}`);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new TraceFormatError(
      { file: path, column: issue.path.join('.') },
      `expected provider profiles {provider, modelMatch, ttftMs, tokensPerSecond}, but ${issue.message.toLowerCase()}`,
    );
  }
  return r.data.profiles.map((p) => ({
    ...p,
    provider: p.provider.toLowerCase(),
    modelMatch: p.modelMatch.toLowerCase(),
  }));
}
